/**
 * Import's round trip on the local cloud: live state → `import` → the manifests
 * validate clean → `plan --adopt` changes nothing but ownership tags → `apply --adopt` → `plan` is empty.
 * For the example system (applied by us first), for a generated system of 50 services, and for
 * resources created straight through the writers without our tags (someone else's system).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateManifests } from '../../../bench/generate.js'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../../src/import/live.js'
import { renderImport, type ImportResult } from '../../../src/import/render-import.js'
import { validateFiles, type ValidationResult } from '../../../src/manifest/validate.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { systemClock } from '../../../src/shared/clock.js'
import { settleConsistency } from '../../support/local-cloud.js'
import { exampleFiles } from '../../support/manifests.js'
import { createUnmanagedSystem } from './unmanaged.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

let server: LocalCloud
let cloud: Cloud
/** What `import` is handed: read-only clients, as the command opens them. */
let readOnly: Cloud

beforeAll(async () => {
  server = await startLocalCloud({
    timing: { taskStartSeconds: 0.05, drainSeconds: 0.05, namespaceCreateSeconds: 0.05 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  readOnly = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
})

afterAll(async () => {
  cloud.close()
  readOnly.close()
  await server.close()
})

function valid(files: readonly { file: string; text: string }[]): ValidationResult {
  const result = validateFiles(files)
  expect(
    result.issues.filter((i) => i.severity === 'error'),
    JSON.stringify(result.issues, null, 2),
  ).toEqual([])
  return result
}

async function plan(result: ValidationResult, adopt: boolean): Promise<Plan> {
  return (await planPass(result.set, result.graph, cloud.readers, { ...OPTIONS, adopt })).plan
}

async function apply(p: Plan): Promise<void> {
  const results = await executePlan(p, {
    readers: cloud.readers,
    writers: cloud.writers!,
    clock: systemClock,
    wait: true,
    timeoutMs: 60_000,
    pollMs: 20,
    concurrency: 16,
    allowReplace: false,
  })
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
}

async function importOf(
  clusters: string[],
  namespaces: string[],
  includeChaos = false,
): Promise<ImportResult> {
  const live = await readLiveSystem(readOnly.readers, { clusters, includeChaos })
  return renderImport(live, { namespaces, includeChaos, source: 'the local cloud' })
}

const asFiles = (imported: ImportResult) =>
  imported.files.map((f) => ({ file: `imported/${f.path}`, text: f.text }))

describe('import round trip on the local cloud', () => {
  it('the example, applied by us: imported manifests validate clean and plan with no changes', async () => {
    const example = valid(exampleFiles())
    await apply(await plan(example, false))
    // The suite runs the local cloud with a consistency lag: a read right after the writes may not see
    // them yet, as in ECS. The reconciler's own answer to that is tested in consistency-lag.test.ts.
    await settleConsistency()
    expect(countChanges(await plan(example, false))).toBe(0)

    const imported = await importOf(['shop'], ['shop'], true)
    expect(imported.files.map((f) => f.path).sort()).toEqual([
      'chaos.yaml',
      'cluster.yaml',
      'ledger.yaml',
      'namespaces.yaml',
      'orders.yaml',
      'payments.yaml',
      'storefront.yaml',
    ])
    expect(imported.leftOut).toEqual([])
    const result = valid(asFiles(imported))
    expect(result.issues).toEqual([])
    const again = await plan(result, true)
    expect(
      again.actions
        .filter((a) => a.action !== 'noop')
        .map((a) => `${a.action} ${a.id}: ${JSON.stringify(a.diff)}`),
    ).toEqual([])
  }, 60_000)

  it('a generated system of 50 services: import → validate → plan --adopt shows no changes', async () => {
    const generated = valid(generateManifests(50, { cluster: 'gen' }))
    await apply(await plan(generated, false))
    await settleConsistency()

    const imported = await importOf(['gen'], [])
    expect(imported.counts.services).toBe(50)
    expect(imported.leftOut).toEqual([])
    const result = valid(asFiles(imported))
    const p = await plan(result, true)
    expect(
      p.actions
        .filter((a) => a.action !== 'noop')
        .map((a) => `${a.action} ${a.id}: ${JSON.stringify(a.diff)}`),
    ).toEqual([])

    // The same system as if someone else had built it: our tags gone. Only adoption is planned.
    const live = await readLiveSystem(readOnly.readers, { clusters: ['gen'], includeChaos: false })
    const ours = (tags: Record<string, string>): string[] =>
      Object.keys(tags).filter((k) => k.startsWith('ecs-reconciler:'))
    for (const { service } of live.services) {
      await cloud.writers!.ecs.untagResource(service.arn, ours(service.tags))
    }
    for (const c of live.clusters) await cloud.writers!.ecs.untagResource(c.arn, ours(c.tags))
    for (const ns of live.namespaces.filter((n) => n.name === 'ns0')) {
      await cloud.writers!.cloudMap.untagResource(ns.arn, ours(ns.tags))
    }
    await settleConsistency()
    const adopting = await plan(result, true)
    const changed = adopting.actions.filter((a) => a.action !== 'noop')
    expect(
      changed
        .filter((a) => a.action !== 'adopt')
        .map((a) => `${a.action} ${a.id}: ${JSON.stringify(a.diff)}`),
    ).toEqual([])
    expect(changed).toHaveLength(52)
    await apply(adopting)
    expect(countChanges(await plan(result, false))).toBe(0)
  }, 120_000)

  it('resources created outside the tool plan with only adopt actions; after apply --adopt the plan is empty', async () => {
    await createUnmanagedSystem(cloud, 'legacy', 'legacy-ns')
    await settleConsistency()
    const imported = await importOf(['legacy'], [])
    expect(imported.leftOut).toEqual([])
    const result = valid(asFiles(imported))
    expect(result.set.byKind.Service.map((s) => s.name).sort()).toEqual(['api', 'web'])

    const adopting = await plan(result, true)
    const changed = adopting.actions.filter((a) => a.action !== 'noop')
    expect(changed.map((a) => `${a.action} ${a.id}`).sort()).toEqual([
      'adopt Cluster/legacy',
      'adopt Namespace/legacy-ns',
      'adopt Service/legacy/api',
      'adopt Service/legacy/web',
    ])
    // Only tags: the ownership tags are added (to a resource with no tags at all the whole map is new).
    for (const a of changed) {
      expect(
        a.diff.every((c) => c.path === 'tags' || c.path.startsWith('tags.ecs-reconciler:')),
        `${a.id}: ${JSON.stringify(a.diff)}`,
      ).toBe(true)
    }

    await apply(adopting)
    expect(countChanges(await plan(result, false))).toBe(0)
  }, 60_000)

  it('reads through read-only clients only: the writers are not even there', () => {
    expect(readOnly.writers).toBeUndefined()
    const ops = Object.keys(readOnly.stats.snapshot())
    expect(ops.length).toBeGreaterThan(0)
    expect(ops.filter((op) => !/\.(Describe|List|Get)[A-Za-z]*$/.test(op))).toEqual([])
  })
})
