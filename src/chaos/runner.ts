/**
 * @module The chaos scheduler: on each tick, for each ChaosSchedule, decide the slot, check the
 * guardrails with fresh reads, start the slot's experiment, and follow every run to its end.
 *
 * It takes its ports and clock as parameters (no I/O of its own): the daemon ticks it, the CLI
 * uses it for `chaos run` and `chaos stop`, tests drive it on a manual clock.
 *
 * Exactly once per slot: the slot's clientToken makes a repeated StartExperiment return the same
 * experiment, and before starting, the slot's experiment is looked up by its tags; a restarted
 * daemon recovers each schedule's runs (and the last slot handled) from those tags.
 */
import {
  CloudError,
  type ActualExperiment,
  type ActualExperimentTemplate,
  type ActualService,
  type CloudReaders,
  type CloudWriters,
} from '../cloud/ports/index.js'
import type { ChaosScheduleResource, ManifestSet } from '../manifest/model.js'
import { resolveService } from '../manifest/references.js'
import { nextRuns } from './cron.js'
import { evaluateGuardrails, type GuardrailVerdict, type TargetLiveState } from './guardrails.js'
import {
  ScheduleRuns,
  type ChaosRun,
  type ChaosRunStatus,
  type EndOutcome,
  type HoldReason,
  type RunOutcome,
} from './run-history.js'
import {
  slotClientToken,
  slotLabel,
  slotOfLabel,
  slotOfTags,
  slotTags,
  TAG_CHAOS_DECIDED,
  TAG_CHAOS_PREEMPTED,
  TAG_CHAOS_SCHEDULE,
  TAG_CHAOS_TARGET,
  TAG_HOLD,
  TAG_MANAGED_BY,
} from './slot-identity.js'
import { decideSlot, DEFAULT_STARTING_DEADLINE_SECONDS } from './slots.js'
import { wallClockAt } from './wall-clock.js'

/** Same key as the reconciler's resource tag (reconciler/ownership.ts), which chaos/ may not import. */
const TAG_RESOURCE = 'ecs-reconciler:resource'
const ACTIVE = new Set(['pending', 'initiating', 'running', 'stopping'])

/** What the daemon knows that the scheduler needs: the manifests and what the reconciler is doing. */
export interface ChaosEnvironment {
  /** The set to run (the last valid one); undefined before the first load. */
  readonly set: ManifestSet | undefined
  /** The reconciler's last status of a service, by resource id (`Service/<cluster>/<name>`). */
  reconcilerStatus(serviceId: string): string | undefined
  /** The reconciler is changing this service right now. */
  changeInFlight(serviceId: string): boolean
  /** With a lease: asked right before each start; a reason (the lease is lost) starts nothing. */
  readonly fence?: () => string | undefined
}

export interface ChaosRunEvent {
  readonly schedule: string
  readonly outcome: RunOutcome
  readonly slot: number
  readonly experimentId?: string
  readonly guardrail?: HoldReason
  readonly reason?: string
}

export interface ChaosLog {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
}

export interface ChaosRunnerDeps {
  readonly readers: CloudReaders
  /** Undefined in a read-only run: next runs are reported, nothing is started or recorded. */
  readonly writers: CloudWriters | undefined
  readonly clock: { now(): number }
  readonly instance: string
  readonly log?: ChaosLog
  readonly onRun?: (event: ChaosRunEvent) => void
  /** With a lease table: a second durable record of each schedule's last decided slot. */
  readonly decided?: DecidedSlotStore
}

/**
 * Where a schedule's last decided slot is kept besides the template's tag: the daemon's lease table,
 * so a restarted daemon or a new leader knows it even when the template carries no tag (it did not
 * exist yet when the slot was held back, or it was re-created or re-tagged by hand).
 */
export interface DecidedSlotStore {
  read(schedule: string): Promise<number | undefined>
  /** Records `slot` unless a later one is recorded already. */
  record(schedule: string, slot: number): Promise<void>
}

export interface ScheduleStatus {
  readonly name: string
  readonly schedule: string
  readonly timezone: string
  readonly suspended: boolean
  readonly target: string
  readonly nextRun: { readonly utc: string; readonly local: string; readonly timezone: string } | null
  readonly running: number
  readonly heldBy: { readonly slot: string; readonly guardrail: HoldReason; readonly reason: string } | null
  readonly error: string | null
  readonly lastHandledSlot?: string
  readonly runs: ChaosRunStatus[]
}

interface ScheduleState {
  readonly runs: ScheduleRuns
  recovered: boolean
  /** The schedule's FIS template, as last read (it carries the decided-slot marker). */
  template: ActualExperimentTemplate | undefined
  /** The decided-slot marker as the template carries it. */
  persisted: number | undefined
  /** The decided slot as the lease table holds it (deps.decided). */
  stored: number | undefined
  /** Slots after this one are still to decide. */
  after: number
  next: number | undefined
  heldBy: { slot: number; guardrail: HoldReason; reason: string } | undefined
  error: string | undefined
  spec: ChaosScheduleResource
}

export class ChaosRunner {
  private readonly states = new Map<string, ScheduleState>()

  constructor(private readonly deps: ChaosRunnerDeps) {}

  /** One scheduling round over every schedule; a schedule whose reads fail is retried next tick. */
  async tick(env: ChaosEnvironment): Promise<void> {
    const schedules = env.set?.byKind.ChaosSchedule ?? []
    const names = new Set(schedules.map((s) => s.metadata.name))
    for (const name of this.states.keys()) if (!names.has(name)) this.states.delete(name)
    for (const schedule of schedules) {
      const state = this.stateOf(schedule)
      try {
        await this.tickSchedule(state, schedule, env)
        state.error = undefined
      } catch (err) {
        state.error = err instanceof Error ? err.message : String(err)
        this.deps.log?.warn(
          { schedule: schedule.metadata.name, err: state.error },
          `chaos schedule ${schedule.metadata.name}: ${state.error}`,
        )
      }
    }
  }

  /**
   * Reads every schedule's runs from FIS again on the next tick: another replica may have run slots
   * while this one did not hold the lease, and they are neither to be reported missed nor run again.
   */
  recoverAgain(): void {
    for (const state of this.states.values()) state.recovered = false
  }

  /** Starts a run of `name` now (`chaos run`): its slot is the current second. */
  async runNow(
    name: string,
    env: ChaosEnvironment,
    options: { ignoreGuardrails: boolean },
  ): Promise<ChaosRun | undefined> {
    const schedule = env.set?.byKind.ChaosSchedule.find((s) => s.metadata.name === name)
    if (!schedule) throw new Error(`no ChaosSchedule named "${name}" in the manifests`)
    const state = this.stateOf(schedule)
    await this.recover(state, schedule)
    const slot = Math.floor(this.deps.clock.now() / 1000) * 1000
    await this.startSlot(state, schedule, slot, env, options.ignoreGuardrails)
    state.after = Math.max(state.after, slot)
    return state.runs.list().find((r) => r.slot === slot)
  }

  /** Stops every running experiment of `name` (`chaos stop`); returns their ids. */
  async stopRuns(name: string): Promise<string[]> {
    const writers = this.requireWriters()
    const active = (await this.experimentsOf(name)).filter(
      (e) => ACTIVE.has(e.status) && e.status !== 'stopping',
    )
    for (const e of active) await writers.fis.stopExperiment(e.id)
    return active.map((e) => e.id)
  }

  /** The experiments of one schedule that FIS knows, oldest slot first. */
  async experimentsOf(name: string): Promise<ActualExperiment[]> {
    const found = await this.deps.readers.fis.listExperimentsTagged({
      [TAG_MANAGED_BY]: this.deps.instance,
      [TAG_CHAOS_SCHEDULE]: name,
    })
    return found
      .map((e) => ({ e, slot: slotOfTags(e.tags, this.deps.instance, name) }))
      .filter((x): x is { e: ActualExperiment; slot: number } => x.slot !== undefined)
      .sort((a, b) => a.slot - b.slot)
      .map((x) => x.e)
  }

  runningCount(): number {
    let count = 0
    for (const state of this.states.values()) count += state.runs.running().length
    return count
  }

  status(): ScheduleStatus[] {
    return [...this.states.values()]
      .sort((a, b) => a.spec.metadata.name.localeCompare(b.spec.metadata.name))
      .map((state) => {
        const spec = state.spec.spec
        const zone = spec.timezone ?? 'UTC'
        const history = state.runs.toStatus()
        return {
          name: state.spec.metadata.name,
          schedule: spec.schedule,
          timezone: zone,
          suspended: spec.suspend === true,
          target: spec.target.service,
          nextRun:
            state.next === undefined
              ? null
              : {
                  utc: new Date(state.next).toISOString(),
                  local: localTime(state.next, zone),
                  timezone: zone,
                },
          running: history.running,
          heldBy: state.heldBy
            ? {
                slot: slotLabel(state.heldBy.slot),
                guardrail: state.heldBy.guardrail,
                reason: state.heldBy.reason,
              }
            : null,
          error: state.error ?? null,
          ...(history.lastHandledSlot !== undefined ? { lastHandledSlot: history.lastHandledSlot } : {}),
          runs: history.runs,
        }
      })
  }

  /** The next run time of each schedule (ms), for metrics. */
  nextRunTimes(): Map<string, number> {
    const out = new Map<string, number>()
    for (const [name, state] of this.states) if (state.next !== undefined) out.set(name, state.next)
    return out
  }

  private stateOf(schedule: ChaosScheduleResource): ScheduleState {
    const name = schedule.metadata.name
    let state = this.states.get(name)
    if (!state) {
      state = {
        runs: new ScheduleRuns(name, schedule.spec.historyLimit),
        recovered: false,
        template: undefined,
        persisted: undefined,
        stored: undefined,
        after: 0,
        next: undefined,
        heldBy: undefined,
        error: undefined,
        spec: schedule,
      }
      this.states.set(name, state)
    }
    state.spec = schedule
    state.runs.setLimit(schedule.spec.historyLimit)
    return state
  }

  private async tickSchedule(
    state: ScheduleState,
    schedule: ChaosScheduleResource,
    env: ChaosEnvironment,
  ): Promise<void> {
    const spec = schedule.spec
    if (!this.deps.writers) {
      state.next = nextRuns(spec.schedule, spec.timezone ?? 'UTC', this.deps.clock.now(), 1)[0]
      return
    }
    await this.recover(state, schedule)
    await this.follow(state, schedule.metadata.name)
    const now = this.deps.clock.now()
    const decision = decideSlot({
      schedule: spec.schedule,
      timezone: spec.timezone,
      after: state.after,
      now,
      startingDeadlineSeconds: spec.guardrails?.startingDeadlineSeconds,
    })
    state.next = decision.next
    const name = schedule.metadata.name
    for (const slot of decision.missed) {
      if (state.runs.handled(slot)) continue
      state.runs.missed([slot], now)
      this.emit({ schedule: name, outcome: 'missed', slot, reason: 'missed its starting deadline' })
      this.deps.log?.warn(
        { schedule: name, slot: slotLabel(slot) },
        `chaos ${name}: slot ${slotLabel(slot)} missed its starting deadline`,
      )
    }
    if (decision.due !== undefined && !state.runs.handled(decision.due)) {
      await this.startSlot(state, schedule, decision.due, env, false)
    }
    // Only once the slot is recorded: a start that threw is tried again next tick, with the same clientToken.
    state.after = Math.max(state.after, decision.handledThrough)
    await this.persistDecided(state, schedule)
  }

  /**
   * Writes the last decided slot on the schedule's template and in the lease table (when there is
   * one), so a restarted daemon or a new leader knows every slot up to it was started, held back or
   * missed: none of them is started late. A failed write is retried on the next tick (the decision
   * stands in memory meanwhile).
   */
  private async persistDecided(state: ScheduleState, schedule: ChaosScheduleResource): Promise<void> {
    const decided = state.runs.lastHandledSlot()
    const writers = this.deps.writers
    if (!writers || decided === undefined) return
    if (this.deps.decided && (state.stored === undefined || decided > state.stored)) {
      await this.deps.decided.record(schedule.metadata.name, decided)
      state.stored = decided
    }
    if (state.persisted !== undefined && decided <= state.persisted) return
    state.template ??= await this.templateOf(schedule)
    if (!state.template) return
    await writers.fis.tagExperimentTemplate(state.template, { [TAG_CHAOS_DECIDED]: slotLabel(decided) })
    state.persisted = decided
  }

  /** The schedule's FIS template: the one carrying its resource tag and our instance. */
  private async templateOf(schedule: ChaosScheduleResource): Promise<ActualExperimentTemplate | undefined> {
    return (await this.deps.readers.fis.listExperimentTemplates()).find(
      (t) => t.tags[TAG_RESOURCE] === schedule.id && t.tags[TAG_MANAGED_BY] === this.deps.instance,
    )
  }

  /** Once per schedule (per process): the runs FIS knows of, and the last slot handled, from their tags. */
  private async recover(state: ScheduleState, schedule: ChaosScheduleResource): Promise<void> {
    if (state.recovered) return
    const name = schedule.metadata.name
    const now = this.deps.clock.now()
    let last: number | undefined
    for (const e of await this.experimentsOf(name)) {
      const slot = slotOfTags(e.tags, this.deps.instance, name)
      if (slot === undefined || state.runs.handled(slot)) continue
      state.runs.started(slot, e.startTime ? Date.parse(e.startTime) : slot, e.id)
      const outcome = endOutcome(e)
      if (outcome) state.runs.ended(slot, outcome, e.endTime ? Date.parse(e.endTime) : now, e.reason)
      last = slot
    }
    // The decisions no run shows (held back, missed) are known from the marker on the template,
    // and from the lease table's, which holds them even when the template has no tag.
    state.template = await this.templateOf(schedule)
    state.persisted = slotOfLabel(state.template?.tags[TAG_CHAOS_DECIDED])
    state.stored = await this.deps.decided?.read(name)
    const marker = latest(state.persisted, state.stored)
    if (marker !== undefined) state.runs.decidedThrough(marker)
    const decided = Math.max(last ?? -Infinity, marker ?? -Infinity)
    const deadlineMs =
      (schedule.spec.guardrails?.startingDeadlineSeconds ?? DEFAULT_STARTING_DEADLINE_SECONDS) * 1000
    // Without a decision to go by, slots within the deadline may still start; older ones are not reported.
    const from = decided === -Infinity ? now - deadlineMs - 1 : decided
    // Slots before the template existed were never the schedule's to run: not missed.
    const created = state.template?.creationTime ? Date.parse(state.template.creationTime) : -Infinity
    state.after = Math.max(state.after, from, created)
    state.recovered = true
  }

  /** Reads each running experiment and records the ones that ended. */
  private async follow(state: ScheduleState, name: string): Promise<void> {
    for (const run of state.runs.running()) {
      if (run.experimentId === undefined) continue
      const e = await this.deps.readers.fis.getExperiment(run.experimentId)
      const outcome = e ? endOutcome(e) : 'failed'
      if (!outcome) continue
      const reason = e ? e.reason : 'the experiment is no longer known to FIS'
      state.runs.ended(run.slot, outcome, this.deps.clock.now(), reason)
      this.emit({
        schedule: name,
        outcome,
        slot: run.slot,
        experimentId: run.experimentId,
        ...(reason ? { reason } : {}),
      })
      this.deps.log?.info(
        { schedule: name, slot: slotLabel(run.slot), experimentId: run.experimentId, outcome, reason },
        `chaos ${name}: experiment ${run.experimentId} ${outcome}${reason ? `: ${reason}` : ''}`,
      )
    }
  }

  private async startSlot(
    state: ScheduleState,
    schedule: ChaosScheduleResource,
    slot: number,
    env: ChaosEnvironment,
    ignoreGuardrails: boolean,
  ): Promise<void> {
    const writers = this.requireWriters()
    const instance = this.deps.instance
    const name = schedule.metadata.name
    const target = slotTarget(schedule, env.set)
    const ours = await this.experimentsOf(name)
    // The slot's experiment exists already: another replica started it, or our answer was lost.
    const existing = ours.find((e) => slotOfTags(e.tags, instance, name) === slot)
    if (existing) {
      this.recordStart(state, name, slot, existing.id)
      return
    }
    const verdict = await this.guardrailVerdict(schedule, target, ours, env)
    if (!verdict.allowed && !ignoreGuardrails) {
      return this.hold(state, name, slot, verdict.guardrail, verdict.reason)
    }
    const template = await this.templateOf(schedule)
    state.template = template
    if (!template) {
      return this.hold(
        state,
        name,
        slot,
        'template-missing',
        `the FIS experiment template of ${schedule.id} does not exist yet (the reconciler creates it)`,
      )
    }
    const tags = { ...slotTags(instance, name, slot), [TAG_CHAOS_TARGET]: target.serviceId }
    // Thrown, not held: the slot stays undecided here, for whoever holds the lease now.
    const fenced = env.fence?.()
    if (fenced !== undefined) throw new Error(`slot ${slotLabel(slot)} not started: ${fenced}`)
    const started = await writers.fis.startExperiment(
      template.id,
      tags,
      slotClientToken(instance, name, slot),
    )
    this.recordStart(state, name, slot, started.id)
  }

  /** The guardrails' verdict on starting now, from a fresh read of the live target. */
  private async guardrailVerdict(
    schedule: ChaosScheduleResource,
    target: SlotTarget,
    ours: readonly ActualExperiment[],
    env: ChaosEnvironment,
  ): Promise<GuardrailVerdict> {
    const now = this.deps.clock.now()
    const spec = schedule.spec
    const live = await describeTarget(this.deps.readers, target.cluster, spec.target.service)
    return evaluateGuardrails({
      now,
      schedule: spec,
      clusterFreezeWindows:
        env.set?.byKind.Cluster.find((c) => c.metadata.name === target.cluster)?.spec.freezeWindows ?? [],
      runningExperiments: ours.filter((e) => ACTIVE.has(e.status)).length,
      target: {
        name: spec.target.service,
        live: live ? targetLiveState(live) : undefined,
        reconcilerStatus: env.reconcilerStatus(target.serviceId),
        changeInFlight: env.changeInFlight(target.serviceId),
      },
    })
  }

  private recordStart(state: ScheduleState, name: string, slot: number, experimentId: string): void {
    if (!state.runs.started(slot, this.deps.clock.now(), experimentId)) return
    state.heldBy = undefined
    this.emit({ schedule: name, outcome: 'started', slot, experimentId })
    this.deps.log?.info(
      { schedule: name, slot: slotLabel(slot), experimentId },
      `chaos ${name}: started experiment ${experimentId} for slot ${slotLabel(slot)}`,
    )
  }

  private hold(
    state: ScheduleState,
    name: string,
    slot: number,
    guardrail: HoldReason,
    reason: string,
  ): void {
    if (!state.runs.skipped(slot, this.deps.clock.now(), guardrail, reason)) return
    state.heldBy = { slot, guardrail, reason }
    this.emit({ schedule: name, outcome: 'skipped', slot, guardrail, reason })
    this.deps.log?.info(
      { schedule: name, slot: slotLabel(slot), guardrail, reason },
      `chaos ${name}: slot ${slotLabel(slot)} skipped (${guardrail}): ${reason}`,
    )
  }

  private emit(event: ChaosRunEvent): void {
    this.deps.onRun?.(event)
  }

  private requireWriters(): CloudWriters {
    if (!this.deps.writers) throw new Error('chaos needs a writable cloud (not plan or --dry-run)')
    return this.deps.writers
  }
}

/** Where a schedule's experiment aims: the target service's cluster and resource id. */
interface SlotTarget {
  readonly cluster: string
  readonly serviceId: string
}

/**
 * The target as the manifests declare it, else as the schedule names it (the service may not be in
 * the set, or there may be no set yet).
 */
function slotTarget(schedule: ChaosScheduleResource, set: ManifestSet | undefined): SlotTarget {
  const target = schedule.spec.target
  const service = set ? resolveService(set, target.service, schedule.cluster) : undefined
  const cluster = service?.cluster ?? target.cluster ?? schedule.cluster
  return { cluster, serviceId: service?.id ?? `Service/${cluster}/${target.service}` }
}

/** The target service, or undefined when it (or its cluster) does not exist: the `not-steady` guardrail says so. */
async function describeTarget(
  readers: CloudReaders,
  cluster: string,
  service: string,
): Promise<ActualService | undefined> {
  try {
    return (await readers.ecs.describeServices(cluster, [service]))[0]
  } catch (err) {
    if (err instanceof CloudError && err.awsCode === 'ClusterNotFoundException') return undefined
    throw err
  }
}

/** What the guardrails read of the live target: its rollout, counts and a rollback's hold. */
function targetLiveState(live: ActualService): TargetLiveState {
  return {
    rolloutState: live.deployments.find((d) => d.status === 'PRIMARY')?.rolloutState,
    deployments: live.deployments.length,
    runningCount: live.runningCount,
    desiredCount: live.desiredCount,
    hold: live.tags[TAG_HOLD],
  }
}

/** The later of two slots that may be unknown. */
function latest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b
  return b === undefined ? a : Math.max(a, b)
}

/** How an experiment ended, or undefined while it runs. */
export function endOutcome(e: ActualExperiment): EndOutcome | undefined {
  switch (e.status) {
    case 'completed':
      return 'completed'
    case 'stopped':
      return e.tags?.[TAG_CHAOS_PREEMPTED] === 'deployment' ? 'preempted-by-deployment' : 'stopped'
    case 'failed':
    case 'cancelled':
      return 'failed'
    default:
      return undefined
  }
}

/** `2026-03-08T03:00:00 America/New_York`: the wall-clock time in the schedule's zone. */
export function localTime(instant: number, zone: string): string {
  return `${new Date(wallClockAt(instant, zone)).toISOString().slice(0, 19)} ${zone}`
}
