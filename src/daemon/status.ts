/** @module What /status reports: the last pass, the manifests' health, and per resource what was last done. */
import type { VerifyCheck } from '../verify/types.js'
import { issuesToJson, type ManifestIssue } from '../manifest/issues.js'
import type { ExecutionEvent, FailureCauses, ResourceProgress } from '../reconciler/execute/types.js'
import type { ActionType, PlanAction, ResourceKind } from '../reconciler/plan/types.js'
import type { Leadership } from './leader.js'
import type { ShardsStatus } from './shard-coordinator.js'
import type { PassOutcome, ResourceStatus, TriggerKind } from './metrics.js'

export interface ResourceEntry {
  readonly id: string
  readonly kind: ResourceKind
  readonly name: string
  readonly cluster: string | undefined
  readonly status: ResourceStatus
  /** The last action planned for it (`noop` when it was already in sync). */
  readonly lastAction: ActionType
  readonly error?: string
  /** Why it failed, as ECS tells it: stopped tasks' reasons and exit codes, the service's latest events. */
  readonly causes?: FailureCauses
  /** The manifest revision (Git commit) this entry was reconciled from. */
  readonly revision: string | undefined
  readonly at: string
  readonly attempts?: number
  readonly retryAt?: string
  /** Ids it waits for in the manifests' dependency graph: the edges of the status page's graph. */
  readonly dependsOn?: readonly string[]
  /** `held`: the rollback's hold (revision, who, since when). */
  readonly hold?: string
  /** `blocked`: the verify checks of the account that failed. */
  readonly verify?: readonly VerifyCheck[]
}

export interface PassRecord {
  readonly id: string
  readonly triggers: readonly TriggerKind[]
  readonly startedAt: string
  readonly finishedAt: string
  readonly outcome: PassOutcome
  readonly changes: number
  readonly error?: string
}

/** A change found on a resource the previous pass left in sync, with the manifests unchanged: someone changed it. */
export interface DriftRecord {
  readonly passId: string | undefined
  readonly resource: string
  readonly kind: ResourceKind
  readonly at: string
}

/** How many finished passes and drift findings /status keeps, newest first. */
export const HISTORY_LIMIT = 20

export interface ManifestHealth {
  readonly valid: boolean
  readonly checkedAt: string
  readonly revision: string | undefined
  readonly files: number
  readonly issues: readonly ManifestIssue[]
  /** Which set the last pass reconciled: the current one, the last valid one, or none yet. */
  readonly reconciling: 'current' | 'last-valid' | 'none'
  readonly lastValidRevision: string | undefined
  /** References the last load could not resolve (each also an issue at its file:line). */
  readonly failedReferences?: readonly string[]
}

/** One resource being worked on in the pass in progress, as of its last poll. */
export interface ProgressEntry
  extends
    Partial<ResourceProgress>,
    Pick<PlanAction, 'id' | 'kind' | 'name' | 'cluster' | 'action' | 'wave'> {
  /** running (being applied or waited on), then succeeded / failed / skipped (or unknown: not read, not touched; blocked: a verify check failed). */
  readonly phase: 'running' | 'succeeded' | 'failed' | 'skipped' | 'unknown' | 'blocked'
  readonly elapsedMs?: number
}

export class StatusStore {
  private readonly resources = new Map<string, ResourceEntry>()
  private manifests: ManifestHealth | undefined
  private lastPass: PassRecord | undefined
  private readonly passes: PassRecord[] = []
  private readonly drift: DriftRecord[] = []
  private nextResyncAt: number | undefined
  private passing: { id: string; since: string } | undefined
  private leadership: (() => Leadership) | undefined
  private shards: (() => ShardsStatus) | undefined
  private wave: number | undefined
  private readonly progress = new Map<string, ProgressEntry>()
  private chaos: () => unknown = () => []

  constructor(
    private readonly about: {
      readonly instance: string
      readonly source: string
      /** The AWS region every pass reads and writes. */
      readonly region: string
      readonly dryRun: boolean
      readonly startedAt: string
    },
  ) {}

  setResource(entry: ResourceEntry): void {
    this.resources.set(entry.id, entry)
  }

  /** Keeps only the resources the last plan knew about (pruned or removed ones drop out). */
  retainResources(ids: ReadonlySet<string>): void {
    for (const id of this.resources.keys()) if (!ids.has(id)) this.resources.delete(id)
  }

  resourceEntries(): ResourceEntry[] {
    return [...this.resources.values()].sort((a, b) => a.id.localeCompare(b.id))
  }

  setManifests(health: ManifestHealth): void {
    this.manifests = health
  }

  passStarted(id: string, at: string): void {
    this.passing = { id, since: at }
    this.wave = undefined
    this.progress.clear()
  }

  /** Follows the executor of the pass in progress: the current wave and each resource's last poll. */
  passEvent(event: ExecutionEvent): void {
    if (event.type === 'wave-start') this.wave = event.wave
    else if (event.type === 'progress') {
      const before = this.progress.get(event.id)
      this.progress.set(event.id, {
        ...before,
        id: event.id,
        kind: event.kind,
        name: event.name,
        cluster: event.cluster,
        action: event.action,
        wave: event.wave,
        phase: 'running',
        ...event.progress,
        elapsedMs: event.elapsedMs,
      })
    } else if (event.type === 'action-done') {
      const r = event.result
      const before = this.progress.get(r.id)
      this.progress.set(r.id, {
        ...before,
        id: r.id,
        kind: r.kind,
        name: r.name,
        cluster: r.cluster,
        action: r.action,
        wave: r.wave,
        phase: r.status,
      })
    }
  }

  passFinished(record: PassRecord): void {
    this.passing = undefined
    this.wave = undefined
    this.progress.clear()
    this.lastPass = record
    keepNewest(this.passes, record)
  }

  /** Drift found by the pass in progress (or, outside a pass, by none in particular). */
  driftFound(resource: string, kind: ResourceKind, at: string): void {
    keepNewest(this.drift, { passId: this.passing?.id, resource, kind, at })
  }

  /** Where `chaos` in /status comes from: per schedule, next run, last runs, what held a run back. */
  setChaosSource(source: () => unknown): void {
    this.chaos = source
  }

  setNextResync(at: number | undefined): void {
    this.nextResyncAt = at
  }

  /** With a lease: who leads is read live on every /status. */
  setLeadership(read: () => Leadership): void {
    this.leadership = read
  }

  /** With `--shards`: the shards, who holds each, and which are this replica's, read live on every /status. */
  setShards(read: () => ShardsStatus): void {
    this.shards = read
  }

  /** Ready after the first pass; a follower (or a replica that owns no shard) is ready once it knows the leases (it runs no pass). */
  get ready(): boolean {
    if (this.lastPass !== undefined) return true
    if (this.shards) return this.shards().owned.length === 0
    return this.leadership !== undefined && this.leadership().role === 'follower'
  }

  toJSON(): object {
    const m = this.manifests
    const lead = this.leadership?.()
    return {
      ...this.about,
      ...(lead
        ? {
            role: lead.role,
            leader: lead.leader ?? null,
            since: lead.since ?? null,
            lease: { name: lead.lease, holder: lead.holder, epoch: lead.epoch ?? null },
          }
        : {}),
      ...(this.shards ? { shards: shardsJson(this.shards()) } : {}),
      ready: this.ready,
      passInProgress: this.passing
        ? {
            ...this.passing,
            wave: this.wave ?? null,
            resources: [...this.progress.values()].sort(
              (a, b) => a.wave - b.wave || a.id.localeCompare(b.id),
            ),
          }
        : null,
      lastPass: this.lastPass ?? null,
      passes: this.passes,
      drift: this.drift,
      nextResyncAt: this.nextResyncAt === undefined ? null : new Date(this.nextResyncAt).toISOString(),
      manifests: m ? { ...m, issues: issuesToJson(m.issues) } : null,
      resources: this.resourceEntries(),
      chaos: this.chaos(),
    }
  }
}

function shardsJson(s: ShardsStatus): object {
  return {
    count: s.count,
    replicas: s.replicas,
    share: s.share,
    owned: s.owned,
    leases: s.leases.map((l) => ({
      shard: l.shard,
      lease: l.lease,
      role: l.role,
      leader: l.leader ?? null,
      since: l.since ?? null,
      epoch: l.epoch ?? null,
    })),
  }
}

function keepNewest<T>(list: T[], item: T): void {
  list.unshift(item)
  if (list.length > HISTORY_LIMIT) list.length = HISTORY_LIMIT
}
