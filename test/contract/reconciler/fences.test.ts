/**
 * The fences every kind shares, held once in the generic stages: tag changes converge through each
 * kind's tagging API (FIS templates take tags only through TagResource/UntagResource — FIS API
 * reference, UpdateExperimentTemplate has no tags field), a replace is refused without
 * --allow-replace whatever the kind, and an owed client redeploy that cannot be marked holds its
 * backends back (docs/reconciling.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloudWriters, EcsWriter, Tags } from '../../../src/cloud/ports/index.js'
import { KINDS } from '../../../src/manifest/schema/index.js'
import { TAG_REDEPLOY_PENDING } from '../../../src/reconciler/ownership.js'
import { countChanges, type Plan, type PlanAction } from '../../../src/reconciler/plan/types.js'
import { applyExample, startHarness, type Harness } from '../../support/reconciler-harness.js'

let h: Harness
const plan = (edit?: (f: string, t: string) => string): Promise<Plan> => h.plan(edit)
const execute = (p: Plan, writers?: CloudWriters) => h.execute(p, writers ? { writers } : {})

/** Tags changed on one resource of every kind, nothing else. */
const retag = (file: string, text: string): string => {
  if (file.endsWith('cluster.yaml')) return text.replaceAll('team: platform', 'team: platform-sre')
  if (file.endsWith('ledger.yaml')) {
    return text.replace('  tags:\n    team: shop', '  tags:\n    team: ledger-sre')
  }
  if (file.endsWith('chaos.yaml')) {
    return text.replace('  timezone: Asia/Seoul\n', '  timezone: Asia/Seoul\n  tags:\n    team: chaos\n')
  }
  return text
}

beforeAll(async () => {
  h = await startHarness()
  expect(await applyExample(h)).toEqual([])
}, 60_000)

afterAll(() => h.close())

describe('tags converge for every kind', () => {
  it('a tag-only change updates each kind once, then the next plan is empty; removing it converges too', async () => {
    const tagged = await plan(retag)
    const changed = tagged.actions.filter((a) => a.action !== 'noop')
    expect(changed.map((a) => a.kind).sort()).toEqual([...KINDS].sort())
    for (const a of changed) {
      expect(a.action, a.id).toBe('update')
      expect(
        a.diff.every((c) => c.path.startsWith('tags.')),
        `${a.id}: ${JSON.stringify(a.diff)}`,
      ).toBe(true)
    }
    expect((await execute(tagged)).filter((r) => r.status !== 'succeeded')).toEqual([])
    expect(countChanges(await plan(retag))).toBe(0)

    const untagged = await plan()
    expect(
      untagged.actions
        .filter((a) => a.action !== 'noop')
        .map((a) => a.kind)
        .sort(),
    ).toEqual([...KINDS].sort())
    expect((await execute(untagged)).filter((r) => r.status !== 'succeeded')).toEqual([])
    expect(countChanges(await plan())).toBe(0)
  }, 60_000)
})

describe('replace is refused without --allow-replace, for every kind', () => {
  // Every manifest kind: a live-only kind (a task-definition revision) is never planned as anything but a delete.
  it.each([...KINDS])('%s: refused, and not a single write is made', async (kind) => {
    const current = await plan()
    const action = current.actions.find((a) => a.kind === kind)
    expect(action).toBeDefined()
    const calls: string[] = []
    const results = await execute(
      { ...current, actions: [{ ...(action as PlanAction), action: 'replace', reasons: ['test'] }] },
      recordingWriters(calls),
    )
    expect(results).toHaveLength(1)
    expect(results[0]).toMatchObject({ status: 'failed' })
    expect(results[0]?.error).toMatch(/replace refused.*--allow-replace/)
    expect(calls).toEqual([])
  })

  it('a Namespace description change plans as replace and DeleteNamespace is never called without the flag', async () => {
    const changed = await plan((f, t) =>
      f.endsWith('cluster.yaml')
        ? t.replace('description: Service Connect namespace of the shop', 'description: renamed')
        : t,
    )
    expect(changed.actions.find((a) => a.id === 'Namespace/shop')?.action).toBe('replace')
    const before = h.server.requestCount()['ServiceDiscovery.DeleteNamespace'] ?? 0
    const results = await execute(changed)
    expect(results.find((r) => r.id === 'Namespace/shop')?.error).toMatch(/replace refused/)
    expect(h.server.requestCount()['ServiceDiscovery.DeleteNamespace'] ?? 0).toBe(before)
  })
})

describe('owed redeploys cannot be lost', () => {
  it('when the client cannot be marked, its backend is not changed in that pass; the next pass does both', async () => {
    const newEndpoint = (f: string, t: string) =>
      f.endsWith('ledger.yaml')
        ? t.replace(
            '          - port: 80\n            dnsName: ledger',
            '          - port: 8082\n            dnsName: ledger',
          )
        : t
    const real = h.cloud.writers!
    const refusing: CloudWriters = {
      ...real,
      ecs: Object.assign(Object.create(real.ecs) as EcsWriter, {
        tagResource: (arn: string, tags: Tags) =>
          arn.endsWith('/storefront') && TAG_REDEPLOY_PENDING in tags
            ? Promise.reject(new Error('AccessDeniedException: not authorized to perform ecs:TagResource'))
            : real.ecs.tagResource(arn, tags),
      }),
    }
    const updatesBefore = h.server.requestCount()['ECS.UpdateService'] ?? 0
    const first = await plan(newEndpoint)
    expect(first.actions.find((a) => a.name === 'storefront')?.action).toBe('redeploy')
    const results = await execute(first, refusing)
    expect(results.find((r) => r.name === 'ledger')).toMatchObject({ status: 'failed' })
    expect(results.find((r) => r.name === 'ledger')?.error).toMatch(
      /redeploy owed by client storefront could not be marked/,
    )
    expect(results.find((r) => r.name === 'storefront')?.status).toBe('skipped')
    expect(h.server.requestCount()['ECS.UpdateService'] ?? 0).toBe(updatesBefore)

    const second = await plan(newEndpoint)
    expect(
      second.actions
        .filter((a) => a.action !== 'noop')
        .map((a) => `${a.name}:${a.action}`)
        .sort(),
    ).toEqual(['ledger:update', 'storefront:redeploy'])
    expect((await execute(second)).filter((r) => r.status !== 'succeeded')).toEqual([])
    expect(countChanges(await plan(newEndpoint))).toBe(0)
  }, 60_000)
})

/** Writers whose every method records its call and does nothing. */
function recordingWriters(calls: string[]): CloudWriters {
  const api = (name: string) =>
    new Proxy(
      {},
      {
        get:
          (_t, method) =>
          (..._args: unknown[]) => (calls.push(`${name}.${String(method)}`), Promise.resolve({})),
      },
    )
  return {
    ecs: api('ecs'),
    cloudMap: api('cloudMap'),
    scaling: api('scaling'),
    fis: api('fis'),
  } as unknown as CloudWriters
}
