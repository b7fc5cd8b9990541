/**
 * @module Benchmark: AWS calls of one read pass (the daemon's steady state) against the fewest the
 * APIs allow, and convergence time from empty against the ideal, on the in-process local cloud.
 */
import { createAwsCloud } from '../src/cloud/aws/create-cloud.js'
import { validateFiles } from '../src/manifest/validate.js'
import { executePlan } from '../src/reconciler/execute/executor.js'
import { planPass } from '../src/reconciler/pass.js'
import { countChanges } from '../src/reconciler/plan/types.js'
import { systemClock } from '../src/shared/clock.js'
import { startLocalCloud } from '../src/localcloud/index.js'
import { generateManifests } from './generate.js'
import { readPassMinimum } from './pass-minimum.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'bench',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const TASK_START_SECONDS = 0.5

export interface ApiCallRow {
  readonly services: number
  readonly namespaces: number
  readonly waves: number
  /** Wall time of apply from empty, and the ideal: each wave waits for one task start. */
  readonly convergeMs: number
  readonly idealConvergeMs: number
  /** Every call of the apply from empty (waits included: DescribeServices polls are batched 10 a call). */
  readonly convergeCalls: Record<string, number>
  /** One read pass with a fresh client (cold task-definition cache), as `plan` does. */
  readonly coldPass: Record<string, number>
  readonly coldMinimum: Record<string, number>
  /** A cold pass that reads every service's task definition (no batch form): the old cost. */
  readonly perServiceReference: Record<string, number>
  /** The same pass again on the same client, as the daemon's resync does (task definitions cached). */
  readonly warmPass: Record<string, number>
  readonly warmMinimum: Record<string, number>
  readonly steadyChanges: number
}

function callsOf(stats: Record<string, Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats).map(([op, outcomes]) => [op, Object.values(outcomes).reduce((a, b) => a + b, 0)]),
  )
}

function minus(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).flatMap(([op, n]): [string, number][] =>
      n > (before[op] ?? 0) ? [[op, n - (before[op] ?? 0)]] : [],
    ),
  )
}

export async function benchApiCalls(services: number): Promise<ApiCallRow> {
  const validated = validateFiles(generateManifests(services))
  if (!validated.ok) throw new Error('generated manifests are invalid')
  const { set, graph } = validated
  const server = await startLocalCloud({
    timing: { taskStartSeconds: TASK_START_SECONDS, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 },
  })
  try {
    const writer = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
    const started = performance.now()
    const { plan } = await planPass(set, graph, writer.readers, OPTIONS)
    const results = await executePlan(plan, {
      readers: writer.readers,
      writers: writer.writers!,
      clock: systemClock,
      wait: true,
      timeoutMs: 600_000,
      pollMs: 250,
      concurrency: 16,
      allowReplace: false,
    })
    const convergeMs = Math.round(performance.now() - started)
    if (results.some((r) => r.status !== 'succeeded')) throw new Error('apply from empty failed')
    const convergeCalls = callsOf(writer.stats.snapshot())
    writer.close()

    const reader = createAwsCloud({ readOnly: true, endpoint: server.endpoint, region: 'us-east-1' })
    const cold = await planPass(set, graph, reader.readers, OPTIONS)
    const coldPass = callsOf(reader.stats.snapshot())
    const warm = await planPass(set, graph, reader.readers, OPTIONS)
    const warmPass = minus(callsOf(reader.stats.snapshot()), coldPass)
    reader.close()

    const namespaces = set.byKind.Namespace.length
    const scaled = set.byKind.Service.filter((s) => s.spec.autoscaling).length
    const monitored = set.byKind.Service.filter((s) => s.spec.monitoring !== undefined).length
    const shared = readPassMinimum({ services, namespaces, scaled, monitored })
    return {
      services,
      namespaces,
      waves: plan.waveCount,
      convergeMs,
      idealConvergeMs: plan.waveCount * TASK_START_SECONDS * 1000,
      convergeCalls,
      coldPass,
      // Services tagged with the content hash of their revision need no DescribeTaskDefinition: a cold
      // pass can cost what a warm one does. The per-service reference is what reading every revision costs.
      coldMinimum: shared,
      perServiceReference: { ...shared, 'ECS.DescribeTaskDefinition': services },
      warmPass,
      warmMinimum: shared,
      steadyChanges: countChanges(cold.plan) + countChanges(warm.plan),
    }
  } finally {
    await server.close()
  }
}
