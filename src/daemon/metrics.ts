/** @module The daemon's Prometheus metrics: stable names and labels, every known label series present from the start. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { RECONCILED_KINDS } from '../manifest/schema/index.js'
import type { ActionType, ResourceKind } from '../reconciler/plan/types.js'

export const RESOURCE_KINDS: readonly ResourceKind[] = RECONCILED_KINDS
export const ACTION_TYPES: readonly ActionType[] = [
  'create',
  'update',
  'replace',
  'delete',
  'redeploy',
  'adopt',
  'wait',
  'unknown',
  'held',
]
/** What the daemon last knows of a resource. */
/** `progressing`: its rollout is not steady yet (still going, or the last wait ran out of time). */
/** `frozen`: a change is planned but its cluster is inside a freeze window, so it waits. */
/** `unknown`: its live state could not be read in the last pass (retried with backoff); never `synced`. */
/** `blocked`: a verify check of the account failed, so no deployment was started; checked again next pass. */
/** `held`: a rollback holds the service on an earlier revision; nothing changes it until `resume` or a manifest change. */
export type ResourceStatus =
  | 'synced'
  | 'progressing'
  | 'failed'
  | 'skipped'
  | 'backoff'
  | 'planned'
  | 'frozen'
  | 'unknown'
  | 'blocked'
  | 'held'
export const RESOURCE_STATUSES: readonly ResourceStatus[] = [
  'synced',
  'progressing',
  'failed',
  'skipped',
  'backoff',
  'planned',
  'frozen',
  'unknown',
  'blocked',
  'held',
]
export type TriggerKind = 'startup' | 'change' | 'resync' | 'retry'
export const TRIGGER_KINDS: readonly TriggerKind[] = ['startup', 'change', 'resync', 'retry']
/** `success`: everything converged; `failure`: some action or the pass itself failed; `invalid_manifests`: nothing loadable to reconcile. */
export type PassOutcome = 'success' | 'failure' | 'invalid_manifests'
export const PASS_OUTCOMES: readonly PassOutcome[] = ['success', 'failure', 'invalid_manifests']
const ACTION_RESULTS = ['succeeded', 'failed', 'skipped', 'unknown', 'blocked'] as const
/** The `outcome` label of ecs_reconciler_chaos_runs_total (`preempted`: stopped before a deployment of the target). */
export const CHAOS_OUTCOMES = [
  'started',
  'completed',
  'stopped',
  'failed',
  'skipped',
  'missed',
  'preempted',
] as const

export class DaemonMetrics {
  readonly registry = new Registry()
  readonly passes = new Counter({
    name: 'ecs_reconciler_passes_total',
    help: 'Reconcile passes by trigger and outcome',
    labelNames: ['trigger', 'outcome'],
    registers: [this.registry],
  })
  readonly passDuration = new Histogram({
    name: 'ecs_reconciler_pass_duration_seconds',
    help: 'Duration of a reconcile pass (load, read, plan, execute)',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  })
  readonly apiCalls = new Counter({
    name: 'ecs_reconciler_api_calls_total',
    help: 'AWS API attempts on the wire (retried ones included) by service, operation and result code (ok or the AWS error code)',
    labelNames: ['service', 'operation', 'code'],
    registers: [this.registry],
  })
  readonly apiRetries = new Counter({
    name: 'ecs_reconciler_api_retries_total',
    help: 'AWS API attempts that retried an earlier attempt of the same call (attempts minus calls)',
    labelNames: ['service', 'operation'],
    registers: [this.registry],
  })
  readonly actions = new Counter({
    name: 'ecs_reconciler_actions_total',
    help: 'Plan actions executed, by kind, action and result',
    labelNames: ['kind', 'action', 'result'],
    registers: [this.registry],
  })
  readonly verifyFailures = new Counter({
    name: 'ecs_reconciler_verify_failed_checks_total',
    help: 'Verify checks of the account that failed and held a deployment back (blocked: verify), by kind and check',
    labelNames: ['kind', 'check'],
    registers: [this.registry],
  })
  readonly drift = new Counter({
    name: 'ecs_reconciler_drift_found_total',
    help: 'Resources found changed behind our back (unchanged manifests, live state differs)',
    labelNames: ['kind'],
    registers: [this.registry],
  })
  readonly resources = new Gauge({
    name: 'ecs_reconciler_resources',
    help: 'Managed resources by kind and last known status',
    labelNames: ['kind', 'status'],
    registers: [this.registry],
  })
  readonly manifestsValid = new Gauge({
    name: 'ecs_reconciler_manifests_valid',
    help: '1 when the last load of the manifests had no errors, else 0',
    registers: [this.registry],
  })
  readonly manifestIssues = new Gauge({
    name: 'ecs_reconciler_manifest_issues',
    help: 'Problems found in the last load of the manifests, by severity',
    labelNames: ['severity'],
    registers: [this.registry],
  })
  readonly lookupFailures = new Gauge({
    name: 'ecs_reconciler_lookup_failures',
    help: 'References (${ssm:…}, ${cfn:…}, ${tfstate:…}, …) the last load of the manifests could not resolve: 1 each; a failed one makes the set invalid',
    labelNames: ['reference'],
    registers: [this.registry],
  })
  readonly leader = new Gauge({
    name: 'ecs_reconciler_leader',
    help: '1 while this replica holds the lease (leads), else 0',
    labelNames: ['lease'],
    registers: [this.registry],
  })
  readonly leaseTransitions = new Counter({
    name: 'ecs_reconciler_lease_transitions_total',
    help: 'Lease transitions of this replica: acquired, lost (taken by another), released (on shutdown), expired (not renewed in time)',
    labelNames: ['lease', 'reason'],
    registers: [this.registry],
  })
  readonly shardsOwned = new Gauge({
    name: 'ecs_reconciler_shards_owned',
    help: 'Shards this replica holds the lease of (run --shards; 0 without)',
    registers: [this.registry],
  })
  readonly chaosRuns = new Counter({
    name: 'ecs_reconciler_chaos_runs_total',
    help: 'Chaos schedule slots by outcome (started, completed, stopped, failed, skipped, missed, preempted)',
    labelNames: ['schedule', 'outcome'],
    registers: [this.registry],
  })
  readonly chaosNextRun = new Gauge({
    name: 'ecs_reconciler_chaos_next_run_timestamp_seconds',
    help: 'Unix time of the next cron slot of each chaos schedule',
    labelNames: ['schedule'],
    registers: [this.registry],
  })
  readonly chaosRunning = new Gauge({
    name: 'ecs_reconciler_chaos_running',
    help: 'Chaos experiments of this instance still running',
    registers: [this.registry],
  })
  readonly lastSuccess = new Gauge({
    name: 'ecs_reconciler_last_success_timestamp_seconds',
    help: 'Unix time of the last pass that converged everything (0: none yet)',
    registers: [this.registry],
  })

  /** `operations`: `Service.Operation` names the adapters call, so their `ok` and retries series exist before the first call. */
  constructor(operations: readonly string[]) {
    collectDefaultMetrics({ register: this.registry })
    for (const trigger of TRIGGER_KINDS) {
      for (const outcome of PASS_OUTCOMES) this.passes.inc({ trigger, outcome }, 0)
    }
    for (const op of operations) {
      const [service = '', operation = ''] = op.split('.')
      this.apiCalls.inc({ service, operation, code: 'ok' }, 0)
      this.apiRetries.inc({ service, operation }, 0)
    }
    for (const kind of RESOURCE_KINDS) {
      this.drift.inc({ kind }, 0)
      for (const status of RESOURCE_STATUSES) this.resources.set({ kind, status }, 0)
      for (const action of ACTION_TYPES) {
        for (const result of ACTION_RESULTS) this.actions.inc({ kind, action, result }, 0)
      }
    }
    this.manifestsValid.set(0)
    for (const severity of ['error', 'warning']) this.manifestIssues.set({ severity }, 0)
    this.lastSuccess.set(0)
    this.chaosRunning.set(0)
    this.shardsOwned.set(0)
  }

  /** A schedule's series exist from the moment it is known, at 0. */
  knowChaosSchedule(schedule: string): void {
    for (const outcome of CHAOS_OUTCOMES) this.chaosRuns.inc({ schedule, outcome }, 0)
  }

  /** The lease series exist from the start (0) once the daemon knows its lease. */
  initLease(lease: string, reasons: readonly string[]): void {
    this.leader.set({ lease }, 0)
    for (const reason of reasons) this.leaseTransitions.inc({ lease, reason }, 0)
  }

  /** One attempt on the wire; `attempt` 2 and above are retries of the same call. */
  recordCall(service: string, operation: string, code: string, attempt = 1): void {
    this.apiCalls.inc({ service, operation, code })
    if (attempt > 1) this.apiRetries.inc({ service, operation })
  }

  setResourceCounts(counts: ReadonlyMap<string, number>): void {
    for (const kind of RESOURCE_KINDS) {
      for (const status of RESOURCE_STATUSES) {
        this.resources.set({ kind, status }, counts.get(`${kind}/${status}`) ?? 0)
      }
    }
  }

  render(): Promise<string> {
    return this.registry.metrics()
  }

  get contentType(): string {
    return this.registry.contentType
  }
}
