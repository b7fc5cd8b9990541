/** Saved plans: the fingerprints that tell `apply FILE` whether the plan still holds. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyCommandFor, shellQuote } from '../../../src/cli/apply-hint.js'
import {
  liveFingerprint,
  manifestFingerprint,
  readPlanFile,
  savedPlan,
  staleReason,
  writePlanFile,
} from '../../../src/cli/plan-file.js'
import { emptyActualState } from '../../../src/reconciler/kinds/registry.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'abc',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

function planned(edit?: (file: string, text: string) => string) {
  const example = loadExample(edit)
  return { ...example, plan: buildPlan(example.set, example.graph, emptyActualState(), OPTIONS) }
}

function savedShopPlan(base: ReturnType<typeof planned>) {
  return savedPlan(
    base.plan,
    base.set,
    { paths: ['/m'], cluster: 'default', region: 'us-east-1', options: OPTIONS },
    new Date('2026-11-30T00:00:00Z'),
  )
}

describe('saved plan fingerprints', () => {
  const base = planned()
  const saved = savedShopPlan(base)

  it('a plan re-made from the same manifests and the same live state still holds', () => {
    const again = planned()
    expect(staleReason(saved, { set: again.set, plan: again.plan, region: 'us-east-1' })).toBeUndefined()
  })

  it('survives being written as JSON and read back', () => {
    const roundTrip = JSON.parse(JSON.stringify(saved)) as typeof saved
    expect(liveFingerprint(roundTrip.plan)).toBe(saved.liveFingerprint)
    expect(roundTrip.plan.actions.map((a) => `${a.id}:${a.action}`)).toEqual(
      base.plan.actions.map((a) => `${a.id}:${a.action}`),
    )
  })

  it('is stale once a manifest changes', () => {
    const edited = planned((f, t) =>
      f.endsWith('orders.yaml') ? t.replace('orders:1.4.2', 'orders:1.5.0') : t,
    )
    expect(staleReason(saved, { set: edited.set, plan: edited.plan, region: 'us-east-1' })).toBe(
      'the manifests changed since the plan was made',
    )
  })

  it('is stale once the live state moved (here: everything was created meanwhile)', () => {
    const live = shopLiveState()
    const now = buildPlan(base.set, base.graph, live, OPTIONS)
    expect(staleReason(saved, { set: base.set, plan: now, region: 'us-east-1' })).toBe(
      'the live state changed since the plan was made',
    )
  })

  it('is refused in another region', () => {
    expect(staleReason(saved, { set: base.set, plan: base.plan, region: 'eu-west-1' })).toMatch(
      /region us-east-1.*eu-west-1/,
    )
  })

  it('does not depend on where documents sit or on YAML layout, only on content', () => {
    const reformatted = planned((_f, t) => `# a comment\n${t}`)
    expect(manifestFingerprint(reformatted.set)).toBe(manifestFingerprint(base.set))
  })
})

describe('recognising a saved plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plan-file-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const base = planned()
  const saved = savedShopPlan(base)

  it.each(['plan.bin', 'tfplan', 'plan.json', 'reviewed.plan', 'plan.yaml'])(
    'knows a saved plan by its content, named %s',
    async (name) => {
      await writePlanFile(join(dir, name), saved)
      expect((await readPlanFile(join(dir, name)))?.liveFingerprint).toBe(saved.liveFingerprint)
    },
  )

  it('leaves manifests, JSON-looking ones included, and folders to the manifest loader', async () => {
    writeFileSync(join(dir, 'svc.yaml'), 'kind: Service\nmetadata: {name: a}\n')
    writeFileSync(join(dir, 'flow.yml'), '{kind: Service, metadata: {name: a}}\n')
    writeFileSync(join(dir, 'other-format'), '{"format": "something-else"}\n')
    for (const name of ['svc.yaml', 'flow.yml', 'other-format']) {
      expect(await readPlanFile(join(dir, name))).toBeUndefined()
    }
    expect(await readPlanFile(dir)).toBeUndefined()
    expect(await readPlanFile(join(dir, 'missing.bin'))).toBeUndefined()
  })

  it('refuses a .json or .plan file that is not a saved plan, naming the command that makes one', async () => {
    writeFileSync(join(dir, 'broken.plan'), 'not json')
    await expect(readPlanFile(join(dir, 'broken.plan'))).rejects.toThrow(/not a saved plan.*plan --out/)
  })
})

describe('the apply command printed after plan --out', () => {
  it('carries the options that chose the cloud the plan was made against', () => {
    expect(
      applyCommandFor('plan.bin', {
        local: true,
        localState: 'state dir/cloud.json',
        region: 'eu-west-1',
        profile: 'ops',
        instance: 'x',
      }),
    ).toBe(
      "ecs-reconciler apply plan.bin --local --local-state 'state dir/cloud.json' --region eu-west-1 --profile ops",
    )
  })

  it.each([
    ['plain/file.bin', 'plain/file.bin'],
    ['with space', "'with space'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
  ])('quotes %j for a shell as %s', (arg, want) => {
    expect(shellQuote(arg)).toBe(want)
  })
})

describe('saved plan lookups', () => {
  const base = planned()
  const lookups = [
    { source: 'ssm:/web/tag', value: '1.4.3', sensitive: false },
    { source: 'tfstate:output.password', value: 'hunter2', sensitive: true },
  ]
  const saved = savedPlan(
    base.plan,
    base.set,
    { paths: ['/m'], cluster: 'default', region: 'us-east-1', options: OPTIONS },
    new Date('2026-11-30T00:00:00Z'),
    lookups,
  )
  const now = (values: typeof lookups) => ({
    set: base.set,
    plan: base.plan,
    region: 'us-east-1',
    lookups: values,
  })

  it('keeps each source value, a sensitive one as its digest only', () => {
    expect(saved.lookups?.map((l) => [l.source, l.value])).toEqual([
      ['ssm:/web/tag', '1.4.3'],
      ['tfstate:output.password', undefined],
    ])
  })

  it('holds while every looked-up value is the same', () => {
    expect(staleReason(saved, now(lookups))).toBeUndefined()
  })

  it('is refused when one changed, naming the source with its old and new value', () => {
    const changed = [{ ...lookups[0]!, value: '1.4.4' }, lookups[1]!]
    expect(staleReason(saved, now(changed))).toBe(
      'looked-up values changed since the plan was made: ssm:/web/tag changed: "1.4.3" → "1.4.4"',
    )
  })

  it('prints a changed sensitive value redacted', () => {
    const changed = [lookups[0]!, { ...lookups[1]!, value: 'other' }]
    expect(staleReason(saved, now(changed))).toContain(
      'tfstate:output.password changed: (sensitive) → (sensitive)',
    )
  })
})
