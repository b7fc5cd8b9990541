/**
 * @module FIS experiments that run: targets resolved at start, actions timed by `duration` and
 * `startAfter`, `aws:ecs:stop-task` stopping the chosen tasks, stop conditions, stop requests.
 *
 * What it follows (https://docs.aws.amazon.com/fis/latest/APIReference/API_Experiment.html,
 * https://docs.aws.amazon.com/fis/latest/userguide/experiments.html):
 * - states `initiating` → `running` → `completed`; StopExperiment answers `stopping` and the
 *   experiment ends `stopped` (API_StopExperiment; the AWS CLI example shows `stopping`);
 * - targets are resolved once, when the experiment starts; a target that resolves to nothing fails
 *   the experiment unless `experimentOptions.emptyTargetResolutionMode` is `skip`
 *   (https://docs.aws.amazon.com/fis/latest/userguide/targets.html);
 * - an action starts when every action in its `startAfter` has ended; the experiment completes
 *   when every action has (https://docs.aws.amazon.com/fis/latest/userguide/actions.html);
 * - a stop condition whose CloudWatch alarm fires stops the experiment, which cannot resume
 *   (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html). There is no CloudWatch
 *   here: an alarm fires when the local cloud's fault hook says so (LocalCloud.setAlarm).
 * Lifecycles are checked on each request (experiments are few), as the rest of the emulator does.
 */
import type { HandlerContext } from '../context.js'
import { stopAndReplace } from '../ecs/tasks.js'
import type { FisActionRun, FisExperiment, Json } from '../state.js'
import { text } from '../validate-input.js'

/** StartExperiment → `running`: FIS takes a moment to resolve targets and start the actions. */
export const INITIATING_MS = 500

/** ISO-8601 durations as FIS parameters use them (PT5M, PT1H30M, PT45S). */
export function isoDurationMs(value: string | undefined): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value ?? '')
  if (!match) return 0
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000
}

type Actions = Record<string, Json>

function actionsOf(e: FisExperiment): Actions {
  return (e.template['actions'] as Actions | undefined) ?? {}
}

function targetsOf(e: FisExperiment): Record<string, Json> {
  return (e.template['targets'] as Record<string, Json> | undefined) ?? {}
}

/** How long an action runs once started: its `duration` parameter; `aws:ecs:stop-task` acts at once. */
function durationOf(action: Json): number {
  return isoDurationMs((action['parameters'] as Record<string, string> | undefined)?.['duration'])
}

/** Tasks an `aws:ecs:task` target resolves to, by parameters {cluster, service}, ARNs or tags. */
function resolveTasks(ctx: HandlerContext, target: Json): string[] {
  const params = (target['parameters'] as Record<string, string> | undefined) ?? {}
  const arns = (target['resourceArns'] as string[] | undefined) ?? []
  const tags = (target['resourceTags'] as Record<string, string> | undefined) ?? {}
  const running = Object.values(ctx.world.ecs.tasks).filter((t) => t.lastStatus === 'RUNNING')
  const chosen = running.filter((t) => {
    if (arns.length > 0) return arns.includes(t.arn)
    const service = ctx.world.ecs.services[t.serviceKey]
    if (params['cluster'] || params['service']) {
      const [cluster, name] = t.serviceKey.split('/')
      return (
        (!params['cluster'] || params['cluster'] === cluster || service?.clusterArn === params['cluster']) &&
        (!params['service'] || params['service'] === name)
      )
    }
    return Object.entries(tags).every(([k, v]) => service?.tags[k] === v)
  })
  const sorted = chosen.map((t) => t.arn).sort()
  const mode = text(target['selectionMode']) || 'ALL'
  const count = /^COUNT\((\d+)\)$/.exec(mode)
  const percent = /^PERCENT\((\d+)\)$/.exec(mode)
  // FIS picks at random; the first ones in ARN order keep runs under a manual clock reproducible.
  if (count) return sorted.slice(0, Number(count[1]))
  if (percent) return sorted.slice(0, Math.ceil((sorted.length * Number(percent[1])) / 100))
  return sorted
}

function resolveTarget(ctx: HandlerContext, target: Json): string[] {
  if (target['resourceType'] === 'aws:ecs:task') return resolveTasks(ctx, target)
  // Other resource types (a cluster for drain-container-instances) resolve to the ARNs given.
  return (target['resourceArns'] as string[] | undefined) ?? []
}

/** The first stop condition whose alarm fires, if any. */
function firingStopCondition(ctx: HandlerContext, e: FisExperiment): string | undefined {
  for (const condition of (e.template['stopConditions'] as Json[] | undefined) ?? []) {
    const alarm = condition['value']
    if (
      condition['source'] === 'aws:cloudwatch:alarm' &&
      typeof alarm === 'string' &&
      ctx.faults.alarmFiring(alarm)
    ) {
      return alarm
    }
  }
  return undefined
}

function end(
  e: FisExperiment,
  status: 'completed' | 'stopped' | 'failed',
  at: number,
  reason?: string,
): void {
  e.status = status
  e.endsAt = at
  if (reason !== undefined) e.reason = reason
  for (const run of Object.values(e.actions ?? {})) {
    if (run.status === 'running') run.status = status === 'completed' ? 'completed' : 'stopped'
    else if (run.status === 'pending') run.status = status === 'completed' ? 'completed' : 'skipped'
  }
}

/** Targets resolve; an empty one fails the experiment (or skips its actions in `skip` mode). */
function begin(ctx: HandlerContext, e: FisExperiment): void {
  const skipEmpty =
    (e.template['experimentOptions'] as Json | undefined)?.['emptyTargetResolutionMode'] === 'skip'
  const resolved: Record<string, string[]> = {}
  for (const [name, target] of Object.entries(targetsOf(e))) resolved[name] = resolveTarget(ctx, target)
  e.resolvedTargets = resolved
  e.actions = {}
  for (const [name, action] of Object.entries(actionsOf(e))) {
    const targetNames = Object.values((action['targets'] as Record<string, string> | undefined) ?? {})
    const empty = targetNames.find((t) => (resolved[t] ?? []).length === 0)
    if (empty !== undefined && !skipEmpty) {
      e.actions[name] = { status: 'failed' }
      end(
        e,
        'failed',
        ctx.now,
        `Target resolution failed: target ${empty} of action ${name} resolved to no resources.`,
      )
      return
    }
    e.actions[name] = { status: empty !== undefined ? 'skipped' : 'pending' }
  }
  e.status = 'running'
}

/** Starts every action whose predecessors have ended, ends those whose duration ran out; repeats until nothing moves. */
function advanceActions(ctx: HandlerContext, e: FisExperiment): void {
  const actions = actionsOf(e)
  const runs = e.actions ?? {}
  let moved = true
  while (moved) {
    moved = false
    for (const [name, run] of Object.entries(runs)) {
      const action = actions[name] ?? {}
      if (run.status === 'pending') {
        const after = (action['startAfter'] as string[] | undefined) ?? []
        const ends = after.map((dep) => runs[dep])
        if (ends.some((dep) => dep !== undefined && dep.status !== 'completed' && dep.status !== 'skipped')) {
          continue
        }
        const startsAt = Math.max(e.startedAt, ...ends.map((dep) => dep?.endsAt ?? e.startedAt))
        if (startsAt > ctx.now) continue
        perform(ctx, e, action)
        Object.assign(run, {
          status: 'running',
          startsAt,
          endsAt: startsAt + durationOf(action),
        } satisfies FisActionRun)
        moved = true
      }
      if (run.status === 'running' && (run.endsAt ?? 0) <= ctx.now) {
        run.status = 'completed'
        moved = true
      }
    }
  }
}

/** The action's effect on the world; in-task faults (CPU, I/O, network) change nothing ECS reports. */
function perform(ctx: HandlerContext, e: FisExperiment, action: Json): void {
  if (action['actionId'] !== 'aws:ecs:stop-task') return
  for (const targetName of Object.values((action['targets'] as Record<string, string> | undefined) ?? {})) {
    for (const taskArn of e.resolvedTargets?.[targetName] ?? []) {
      const task = ctx.world.ecs.tasks[taskArn]
      if (!task || task.lastStatus === 'STOPPED') continue
      stopAndReplace(ctx, task, `Stopped by FIS experiment ${e.id}`)
      e.stoppedTasks.push(taskArn)
    }
  }
}

/** Brings every experiment up to now. */
export function evolveExperiments(ctx: HandlerContext): void {
  for (const e of Object.values(ctx.world.fis.experiments)) {
    if (e.status === 'stopping') {
      end(e, 'stopped', ctx.now)
      continue
    }
    if (e.status === 'initiating' && ctx.now >= e.startedAt) begin(ctx, e)
    if (e.status !== 'running') continue
    const alarm = firingStopCondition(ctx, e)
    if (alarm !== undefined) {
      end(e, 'stopped', ctx.now, `Experiment stopped by stop condition ${alarm} (alarm in ALARM).`)
      continue
    }
    if (!e.actions) {
      // Written by an older local cloud: only the end time is known.
      if (ctx.now >= e.endsAt) e.status = 'completed'
      continue
    }
    advanceActions(ctx, e)
    const runs = Object.values(e.actions)
    if (runs.every((run) => run.status === 'completed' || run.status === 'skipped')) {
      end(e, 'completed', Math.max(e.startedAt, ...runs.map((run) => run.endsAt ?? e.startedAt)))
    }
  }
}

/** StopExperiment: answered `stopping`; the experiment is `stopped` from the next request on. */
export function requestStop(e: FisExperiment): void {
  if (e.status !== 'initiating' && e.status !== 'running') return
  e.status = 'stopping'
  e.reason = 'Stopping Experiment.'
}
