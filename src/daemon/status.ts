/** @module What /status reports: the last pass, the manifests' health, and per resource what was last done. */
import { issuesToJson, type ManifestIssue } from '../manifest/issues.js'
import type { ActionType, ResourceKind } from '../reconciler/plan/types.js'
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
  /** The manifest revision (Git commit) this entry was reconciled from. */
  readonly revision: string | undefined
  readonly at: string
  readonly attempts?: number
  readonly retryAt?: string
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

export interface ManifestHealth {
  readonly valid: boolean
  readonly checkedAt: string
  readonly revision: string | undefined
  readonly files: number
  readonly issues: readonly ManifestIssue[]
  /** Which set the last pass reconciled: the current one, the last valid one, or none yet. */
  readonly reconciling: 'current' | 'last-valid' | 'none'
  readonly lastValidRevision: string | undefined
}

export class StatusStore {
  private readonly resources = new Map<string, ResourceEntry>()
  private manifests: ManifestHealth | undefined
  private lastPass: PassRecord | undefined
  private nextResyncAt: number | undefined
  private passing: { id: string; since: string } | undefined
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
  }

  passFinished(record: PassRecord): void {
    this.passing = undefined
    this.lastPass = record
  }

  /** Where `chaos` in /status comes from: per schedule, next run, last runs, what held a run back. */
  setChaosSource(source: () => unknown): void {
    this.chaos = source
  }

  setNextResync(at: number | undefined): void {
    this.nextResyncAt = at
  }

  get ready(): boolean {
    return this.lastPass !== undefined
  }

  toJSON(): object {
    const m = this.manifests
    return {
      ...this.about,
      ready: this.ready,
      passInProgress: this.passing ?? null,
      lastPass: this.lastPass ?? null,
      nextResyncAt: this.nextResyncAt === undefined ? null : new Date(this.nextResyncAt).toISOString(),
      manifests: m ? { ...m, issues: issuesToJson(m.issues) } : null,
      resources: this.resourceEntries(),
      chaos: this.chaos(),
    }
  }
}
