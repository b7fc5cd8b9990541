/** @module One daemon pass: load (keeping the last valid set), read and plan, skip what is backing off, execute, report. */
import { createHash, randomUUID } from 'node:crypto'
import type { Cloud } from '../cloud/ports/index.js'
import type { ManifestGraph } from '../manifest/dependencies.js'
import { errorMessage, formatPosition } from '../shared/errors.js'
import type { ManifestSet } from '../manifest/model.js'
import { buildDependencyGraph } from '../manifest/dependencies.js'
import { ManifestCache } from '../manifest/manifest-cache.js'
import { buildManifestSet } from '../manifest/model.js'
import { loadManifests, type ValidationResult } from '../manifest/validate.js'
import { stableJson } from '../reconciler/diff/diff.js'
import { frozenClusters } from '../chaos/freeze.js'
import { applyPlan } from '../reconciler/apply-plan.js'
import type { ActionResult } from '../reconciler/execute/types.js'
import { planPass } from '../reconciler/pass.js'
import { isChange, unknownActions, type Plan, type PlanAction } from '../reconciler/plan/types.js'
import type { Clock } from '../shared/clock.js'
import type { WorkGrant } from './authority.js'
import { checkEnvironmentInstance } from './environment-instance.js'
import type { BackoffBook, Deferral } from './backoff.js'
import { deferralsOf, gatePlan, outcomeOf, type ActionOutcome } from './pass-decisions.js'
import type { Logger } from './logger.js'
import type { DaemonMetrics, PassOutcome, ResourceStatus, TriggerKind } from './metrics.js'
import { redactChange } from './redact.js'
import type { ManifestSource } from './sources/source.js'
import { assignShards, type ShardAssignment } from './shard-assignment.js'
import { keepUnchanged, resourceFingerprints } from './stable-set.js'
import type { PassRecord, ResourceEntry, StatusStore } from './status.js'

/** The backoff entry of a pass that failed as a whole. */
const WHOLE_PASS = '(pass)'
/** The backoff fingerprint of a resource whose read failed: any manifest's fingerprint differs from it. */
const UNKNOWN_READ = '(unknown)'
/** In a dry run, the status a plan action leaves its resource in. */
const DRY_RUN_STATUS: Partial<Record<PlanAction['action'], ResourceStatus>> = {
  noop: 'synced',
  wait: 'progressing',
  unknown: 'unknown',
  held: 'held',
}

export interface PassSettings {
  readonly instance: string
  readonly defaultCluster: string
  /** Used for the revision tag when the source has no commit of its own (a plain directory). */
  readonly revision: string | undefined
  readonly dryRun: boolean
  readonly prune: boolean
  readonly adopt: boolean
  readonly maxDeletes: number
  /** Task-definition revisions of ours kept per family (`--keep-revisions`). */
  readonly keepRevisions?: number
  readonly force: boolean
  /** Prune even when the manifests declare nothing (`--allow-empty`). */
  readonly allowEmpty?: boolean
  readonly allowReplace: boolean
  readonly timeoutMs: number
  readonly pollMs: number
  readonly concurrency: number
  /**
   * After a pass that wrote, the next pass reads no sooner than this (ms, default
   * DEFAULT_SETTLE_MS): the ECS API is eventually consistent (API_RunTask reference) and Application
   * Auto Scaling says so of its creates (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html), so a read right after our
   * own write may show the world before it and plan the same change again.
   */
  readonly settleMs?: number
  /** Verify each service before deploying it (default true; `run --no-verify` turns it off). */
  readonly verify?: boolean
}

/** Our choice: AWS gives no figure for the lag, only "eventually"; a second is several times the 300 ms the test suite models. */
export const DEFAULT_SETTLE_MS = 1_000

export interface PassDeps {
  readonly source: ManifestSource
  readonly cloud: Cloud
  readonly logger: Logger
  readonly metrics: DaemonMetrics
  readonly status: StatusStore
  readonly backoff: BackoffBook
  readonly clock: Clock
  readonly settings: PassSettings
}

interface Target {
  readonly set: ManifestSet
  readonly graph: ManifestGraph
  readonly revision: string | undefined
  /** Per resource id, its manifest content: a change retries a backed-off resource at once. */
  readonly fingerprints: ReadonlyMap<string, string>
  /** The whole set's content: unchanged between passes means a change found is drift. */
  readonly fingerprint: string
}

export class PassRunner {
  private lastValid: Target | undefined
  /** Fingerprint of the set the previous pass reconciled, and which resources it left in sync. */
  private previous: { fingerprint: string; synced: ReadonlySet<string> } | undefined
  private lastIssuesKey: string | undefined
  private readonly manifestCache = new ManifestCache()
  /** Resources the pass in progress is changing (the chaos scheduler starts nothing on them). */
  private readonly inFlight = new Set<string>()
  /** When the last pass that wrote finished (clock ms); the next pass settles until its writes read back. */
  private lastWriteAt: number | undefined

  constructor(private readonly deps: PassDeps) {}

  private assignment: { readonly target: Target; readonly value: ShardAssignment } | undefined

  /** The set the daemon reconciles: the last valid one, or none yet; with shards, the chaos schedules of the granted ones only. */
  currentSet(grant?: WorkGrant): ManifestSet | undefined {
    const set = this.lastValid?.set
    const inScope = set && this.scopeOf(grant)
    if (!set || !inScope) return set
    const chaosSchedules = set.byKind.ChaosSchedule.filter((s) => inScope(s.id, s.cluster))
    return { ...set, byKind: { ...set.byKind, ChaosSchedule: chaosSchedules } }
  }

  /** With shards: whether a resource (declared, or live and no longer declared) is in the granted shards. */
  private scopeOf(
    grant: WorkGrant | undefined,
  ): ((id: string, cluster: string | undefined) => boolean) | undefined {
    const target = this.lastValid
    if (!grant?.shards || !target) return undefined
    const { count, owned } = grant.shards
    if (this.assignment?.target !== target || this.assignment.value.shards !== count) {
      this.assignment = { target, value: assignShards(target.set, target.graph, count) }
    }
    const value = this.assignment.value
    return (id, cluster) => owned.has(value.byId.get(id) ?? value.shardOfLive({ id, cluster }) ?? -1)
  }

  changeInFlight(id: string): boolean {
    return this.inFlight.has(id)
  }

  /** One pass; with a grant (a lease), its fence is asked before every write and its shards bound the work. */
  async run(triggers: readonly TriggerKind[], signal: AbortSignal, grant?: WorkGrant): Promise<PassRecord> {
    const { clock, logger, metrics, status } = this.deps
    const id = randomUUID().slice(0, 8)
    const log = logger.child({ reconcileId: id })
    await this.settle(signal)
    const started = clock.now()
    status.passStarted(id, iso(started))
    log.info({ triggers }, 'pass started')
    let outcome: PassOutcome = 'failure'
    let changes = 0
    let error: string | undefined
    try {
      const target = await this.load(log)
      if (!target) {
        outcome = 'invalid_manifests'
      } else {
        const result = await this.reconcile(target, log, signal, grant)
        outcome = result.converged ? 'success' : 'failure'
        changes = result.changes
      }
      this.deps.backoff.recordSuccess(WHOLE_PASS)
    } catch (err) {
      error = errorMessage(err)
      // Reading live state failed (throttled past the SDK's retries, AWS unreachable): retry the
      // whole pass with backoff rather than waiting for the next resync.
      const retry = this.deps.backoff.recordFailure(WHOLE_PASS, WHOLE_PASS, false, clock.now())
      log.error({ err: error, retryAt: iso(retry.retryAt) }, 'pass failed')
    }
    const finished = clock.now()
    if (outcome === 'success') metrics.lastSuccess.set(finished / 1000)
    for (const trigger of triggers) metrics.passes.inc({ trigger, outcome })
    metrics.passDuration.observe((finished - started) / 1000)
    const counts = new Map<string, number>()
    for (const r of status.resourceEntries()) {
      counts.set(`${r.kind}/${r.status}`, (counts.get(`${r.kind}/${r.status}`) ?? 0) + 1)
    }
    metrics.setResourceCounts(counts)
    const record: PassRecord = {
      id,
      triggers,
      startedAt: iso(started),
      finishedAt: iso(finished),
      outcome,
      changes,
      ...(error ? { error } : {}),
    }
    status.passFinished(record)
    log.info({ outcome, changes, durationMs: finished - started }, 'pass finished')
    return record
  }

  /** Waits until the writes of the previous pass are old enough to be read back (see PassSettings.settleMs). */
  private async settle(signal: AbortSignal): Promise<void> {
    if (this.lastWriteAt === undefined) return
    const { clock, settings } = this.deps
    const remaining = this.lastWriteAt + (settings.settleMs ?? DEFAULT_SETTLE_MS) - clock.now()
    if (remaining > 0) await clock.sleep(remaining, signal).catch(() => undefined)
  }

  /** The current manifests as loaded, valid or not, and the revision they were read at. */
  private async readManifests(): Promise<{ loaded: ValidationResult; revision: string | undefined }> {
    const { source, settings } = this.deps
    let revision = settings.revision
    try {
      const snapshot = source.snapshot()
      revision = snapshot.revision ?? settings.revision
      // Unchanged files are not parsed again; the cross-file rules still see the whole set.
      const loaded = await loadManifests(snapshot.paths, {
        defaultCluster: settings.defaultCluster,
        cache: this.manifestCache,
        ...(snapshot.root ? { cwd: snapshot.root } : {}),
        // ${ssm:…}, ${cfn:…} and an S3 state are read again every pass: an edit shows as a change.
        lookups: () => Promise.resolve(this.deps.cloud.lookups),
      })
      return { loaded: checkEnvironmentInstance(loaded, settings.instance), revision }
    } catch (err) {
      // Loading reports bad input as issues; a throw is a bug or an unreadable source. Either way
      // this pass treats the manifests as invalid: the last valid set is reconciled, nothing pruned.
      return { loaded: failedLoad(err, settings.defaultCluster), revision }
    }
  }

  /** The set to reconcile: the current manifests when valid, else the last valid set (never pruned), else none. */
  private async load(log: Logger): Promise<(Target & { readonly current: boolean }) | undefined> {
    const { status, metrics, clock } = this.deps
    const { loaded, revision } = await this.readManifests()
    const errors = loaded.issues.filter((i) => i.severity === 'error').length
    // Every problem is logged when it appears; a resync that finds the same ones says so in one line.
    const issuesKey = stableJson(loaded.issues)
    if (issuesKey !== this.lastIssuesKey) {
      for (const issue of loaded.issues) {
        const at = formatPosition(issue.position)
        log[issue.severity === 'error' ? 'error' : 'warn'](
          { at, rule: issue.ruleId, hint: issue.hint },
          `${at}: ${issue.message}`,
        )
      }
    } else if (errors > 0) {
      log.error(
        { errors },
        'manifests still invalid: the same problems as the last pass (see above or /status)',
      )
    }
    this.lastIssuesKey = issuesKey
    metrics.manifestsValid.set(loaded.ok ? 1 : 0)
    metrics.manifestIssues.set({ severity: 'error' }, errors)
    metrics.manifestIssues.set({ severity: 'warning' }, loaded.issues.length - errors)
    metrics.lookupFailures.reset()
    for (const failed of loaded.lookups?.failed ?? []) {
      metrics.lookupFailures.set({ reference: failed.reference }, 1)
    }
    if (loaded.ok) {
      const fingerprints = resourceFingerprints(loaded.set)
      this.lastValid = {
        set: keepUnchanged({ set: loaded.set, fingerprints }, this.lastValid),
        graph: loaded.graph,
        revision,
        fingerprints,
        fingerprint: createHash('sha256')
          .update(stableJson([...fingerprints]))
          .digest('base64'),
      }
    } else {
      log.error(
        { errors },
        this.lastValid
          ? 'manifests invalid: reconciling the last valid set; nothing is pruned'
          : 'manifests invalid and no valid set yet: nothing to reconcile',
      )
    }
    status.setManifests({
      valid: loaded.ok,
      checkedAt: iso(clock.now()),
      revision,
      files: loaded.files.length,
      issues: loaded.issues,
      reconciling: loaded.ok ? 'current' : this.lastValid ? 'last-valid' : 'none',
      lastValidRevision: this.lastValid?.revision,
      failedReferences: [...new Set((loaded.lookups?.failed ?? []).map((f) => f.reference))],
    })
    return this.lastValid ? { ...this.lastValid, current: loaded.ok } : undefined
  }

  private async reconcile(
    target: Target & { readonly current: boolean },
    log: Logger,
    signal: AbortSignal,
    grant: WorkGrant | undefined,
  ): Promise<{ converged: boolean; changes: number }> {
    const { cloud, settings, status } = this.deps
    const plan = await this.planInScope(target, grant)
    const work = plan.actions.filter(isChange)
    this.reportDrift(work, target.fingerprint, log)
    logPlan(plan, log)
    status.retainResources(new Set(plan.actions.map((a) => a.id)))
    if (settings.dryRun || !cloud.writers) {
      this.recordDryRun(plan, target)
      return { converged: unknownActions(plan).length === 0, changes: work.length }
    }
    const deferred = deferralsOf(plan, (a) =>
      this.deps.backoff.deferral(a.id, target.fingerprints.get(a.id) ?? a.action, this.deps.clock.now()),
    )
    const gated = gatePlan(plan, deferred, frozenClusters(target.set, this.deps.clock.now()))
    logHeld(deferred, gated.frozen, log)
    const results = await this.execute(gated.runnable, target.set, { log, signal, grant })
    const byId = new Map(results.map((r) => [r.id, r]))
    const synced = new Set<string>()
    for (const a of plan.actions) {
      const r = byId.get(a.id)
      const outcome = outcomeOf(a, { frozen: gated.frozen.get(a.id), deferral: deferred.get(a.id) }, r)
      if (outcome.status === 'held') this.setEntry(a, target, 'held', { hold: outcome.reason })
      else this.recordOutcome(a, outcome, target)
      // A held service is where its hold wants it: converged, though not synced to its manifest.
      if (outcome.status === 'synced' || outcome.status === 'held') synced.add(a.id)
      if (r) this.deps.metrics.actions.inc({ kind: a.kind, action: a.action, result: r.status })
    }
    this.previous = { fingerprint: target.fingerprint, synced }
    return { converged: synced.size === plan.actions.length, changes: work.length }
  }

  /** With shards the whole set is planned (dependencies and retention see everything) and only the granted shards' actions are kept. */
  private async planInScope(
    target: Target & { readonly current: boolean },
    grant: WorkGrant | undefined,
  ): Promise<Plan> {
    const { cloud, settings } = this.deps
    const inScope = this.scopeOf(grant)
    const planned = await planPass(target.set, target.graph, cloud.readers, {
      instance: settings.instance,
      revision: target.revision,
      prune: settings.prune,
      adopt: settings.adopt,
      maxDeletes: settings.maxDeletes,
      keepRevisions: settings.keepRevisions,
      force: settings.force,
      manifestsFailed: !target.current,
      allowEmpty: settings.allowEmpty ?? false,
      ...(inScope
        ? {
            deleteScope: (c: { readonly id: string; readonly cluster: string | undefined }) =>
              inScope(c.id, c.cluster),
          }
        : {}),
    })
    return inScope
      ? { ...planned.plan, actions: planned.plan.actions.filter((a) => inScope(a.id, a.cluster)) }
      : planned.plan
  }

  private async execute(
    runnable: Plan,
    set: ManifestSet,
    run: { log: Logger; signal: AbortSignal; grant: WorkGrant | undefined },
  ): Promise<ActionResult[]> {
    const { log, signal, grant } = run
    const { cloud, settings, status, clock } = this.deps
    for (const a of runnable.actions) if (isChange(a)) this.inFlight.add(a.id)
    const results = await applyPlan(
      runnable,
      set,
      { readers: cloud.readers, writers: cloud.writers!, account: cloud.account, region: cloud.region },
      {
        wait: true,
        timeoutMs: settings.timeoutMs,
        pollMs: settings.pollMs,
        concurrency: settings.concurrency,
        allowReplace: settings.allowReplace,
        verify: settings.verify !== false,
      },
      {
        clock,
        signal,
        ...(grant ? { fence: grant.fence } : {}),
        onEvent: (event) => {
          status.passEvent(event)
          if (event.type === 'wave-start') {
            log.info({ wave: event.wave, actions: event.actions }, `wave ${event.wave} started`)
          }
          if (event.type === 'action-done') logResult(log, event.result)
        },
      },
    ).finally(() => this.inFlight.clear())
    if (results.some((r) => r.action !== 'wait' && r.status !== 'skipped')) this.lastWriteAt = clock.now()
    return results
  }

  /** A dry run reports the plan: each resource in the status its action would leave it in. */
  private recordDryRun(plan: Plan, target: Target): void {
    for (const a of plan.actions) {
      this.setEntry(
        a,
        target,
        DRY_RUN_STATUS[a.action] ?? 'planned',
        a.error !== undefined ? { error: a.error } : {},
      )
    }
    this.previous = {
      fingerprint: target.fingerprint,
      synced: new Set(plan.actions.filter((a) => a.action === 'noop').map((a) => a.id)),
    }
  }

  /** Records an outcome: the backoff book learns of successes and failures, the status of everything. */
  private recordOutcome(a: PlanAction, outcome: ActionOutcome, target: Target): void {
    const { backoff, clock } = this.deps
    const causes = (r: ActionResult) => (r.causes ? { causes: r.causes } : {})
    switch (outcome.status) {
      case 'frozen':
        return this.setEntry(a, target, 'frozen', { error: outcome.reason })
      case 'unknown': {
        // Not read, not touched: the next read is a retry, scheduled with backoff. Its own key, so a
        // change planned once it reads again is not held back by this.
        const failure = backoff.recordFailure(a.id, UNKNOWN_READ, false, clock.now())
        return this.setEntry(a, target, 'unknown', {
          error: a.error ?? a.reasons.join('; '),
          attempts: failure.attempts,
          retryAt: iso(failure.retryAt),
        })
      }
      case 'backoff': {
        const why = outcome.deferral
        return this.setEntry(a, target, 'backoff', {
          error: describeDeferral(why),
          attempts: backoff.attempts(a.id),
          ...(why.until !== undefined ? { retryAt: iso(why.until) } : {}),
        })
      }
      case 'synced':
        backoff.recordSuccess(a.id)
        return this.setEntry(a, target, 'synced')
      case 'blocked':
        return this.recordBlocked(a, outcome.result, target)
      case 'progressing': {
        // Still rolling out: the next pass plans a wait and holds its dependents again.
        const r = outcome.result
        return this.setEntry(a, target, 'progressing', {
          ...(r.error ? { error: r.error } : {}),
          ...causes(r),
        })
      }
      case 'failed':
        return this.recordFailed(a, outcome.result, target)
      case 'skipped':
        return this.setEntry(
          a,
          target,
          'skipped',
          outcome.result.error ? { error: outcome.result.error } : {},
        )
    }
  }

  /** Not a failure to back off from: the account is read again next pass, so fixing it unblocks. */
  private recordBlocked(a: PlanAction, r: ActionResult, target: Target): void {
    for (const check of r.verify ?? []) {
      this.deps.metrics.verifyFailures.inc({ kind: a.kind, check: check.check })
    }
    this.setEntry(a, target, 'blocked', {
      ...(r.error ? { error: r.error } : {}),
      ...(r.verify ? { verify: r.verify } : {}),
    })
  }

  /** A failed action backs off, per manifest fingerprint; a terminal failure waits for its manifest to change. */
  private recordFailed(a: PlanAction, r: ActionResult, target: Target): void {
    const { backoff, clock } = this.deps
    const fingerprint = target.fingerprints.get(a.id) ?? a.action
    const failure = backoff.recordFailure(a.id, fingerprint, r.terminal ?? false, clock.now())
    const note = failure.terminal ? ' (not retried until its manifest changes)' : ''
    this.setEntry(a, target, 'failed', {
      error: `${r.error ?? 'failed'}${note}`,
      ...(r.causes ? { causes: r.causes } : {}),
      attempts: failure.attempts,
      ...(failure.terminal ? {} : { retryAt: iso(failure.retryAt) }),
    })
  }

  private setEntry(
    a: PlanAction,
    target: Target,
    s: ResourceStatus,
    extra: Partial<ResourceEntry> = {},
  ): void {
    this.deps.status.setResource({
      id: a.id,
      kind: a.kind,
      name: a.name,
      cluster: a.cluster,
      status: s,
      lastAction: a.action,
      revision: target.revision,
      at: iso(this.deps.clock.now()),
      dependsOn: a.dependsOn,
      ...extra,
    })
  }

  /** Changes found while the manifests are the same as last pass, on resources that pass left in sync: someone changed them. */
  private reportDrift(work: readonly PlanAction[], fingerprint: string, log: Logger): void {
    const previous = this.previous
    if (!previous || previous.fingerprint !== fingerprint) return
    for (const a of work) {
      if (!previous.synced.has(a.id) || a.action === 'redeploy') continue
      this.deps.metrics.drift.inc({ kind: a.kind })
      this.deps.status.driftFound(a.id, a.kind, iso(this.deps.clock.now()))
      log.warn(
        { resource: a.id, diff: a.diff.map(redactChange) },
        `drift found on ${a.id}: ${this.deps.settings.dryRun ? 'reporting it (dry run)' : 'putting it back'}`,
      )
    }
  }
}

function logPlan(plan: Plan, log: Logger): void {
  for (const warning of plan.warnings) log.warn(warning)
  for (const a of plan.actions.filter((x) => x.action !== 'noop')) {
    log[a.action === 'unknown' ? 'warn' : 'info'](
      { resource: a.id, action: a.action, reasons: a.reasons, diff: a.diff.map(redactChange) },
      `${a.action} ${a.id}`,
    )
  }
}

function logHeld(
  deferred: ReadonlyMap<string, Deferral>,
  frozen: ReadonlyMap<string, string>,
  log: Logger,
): void {
  for (const [id, why] of deferred) {
    log.info(
      { resource: id, until: why.until === undefined ? undefined : iso(why.until) },
      `${id} is not retried yet: ${describeDeferral(why)}`,
    )
  }
  for (const [id, why] of frozen) log.info({ resource: id }, `${id} not changed: ${why}`)
}

function logResult(log: Logger, r: ActionResult): void {
  const fields = {
    resource: r.id,
    action: r.action,
    status: r.status,
    ...(r.error ? { error: r.error } : {}),
    ...(r.causes ? { causes: r.causes } : {}),
  }
  if (r.status === 'succeeded') log.info(fields, `${r.action} ${r.id} succeeded`)
  else log.warn(fields, `${r.action} ${r.id} ${r.status}${r.error ? `: ${r.error}` : ''}`)
}

function describeDeferral(why: Deferral): string {
  return why.terminal
    ? 'its last failure will not fix itself; waiting for its manifest to change'
    : `backing off after a failure until ${iso(why.until)}`
}

/** A load that threw: no set, one error saying why. */
function failedLoad(err: unknown, defaultCluster: string): ValidationResult {
  const set = buildManifestSet([], defaultCluster)
  return {
    ok: false,
    issues: [
      {
        ruleId: 'load/failed',
        severity: 'error',
        message: `the manifests could not be loaded: ${errorMessage(err)}`,
        hint: 'check that the manifest source is readable; the last valid set is reconciled meanwhile',
        position: { file: '<manifests>', line: 1, col: 1 },
      },
    ],
    set,
    graph: buildDependencyGraph(set),
    files: [],
    unreadable: ['<manifests>'],
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
