/**
 * The pieces together on a driven clock, the way the daemon will use them: slot decision, guardrails,
 * slot identity and run history, ticking every 30 s through a morning with a blackout window, a
 * deployment, and a restart that loses the in-memory history. The FIS double keeps StartExperiment's
 * documented idempotency on clientToken (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html).
 */
import { describe, expect, it } from 'vitest'
import { evaluateGuardrails } from '../../../src/chaos/guardrails.js'
import { ScheduleRuns } from '../../../src/chaos/run-history.js'
import { slotClientToken, slotLabel, slotOfTags, slotTags } from '../../../src/chaos/slot-identity.js'
import { decideSlot } from '../../../src/chaos/slots.js'
import type { ChaosScheduleSpec } from '../../../src/manifest/schema/chaos-schedule.js'

const INSTANCE = 'ecs-reconciler'
const NAME = 'api-chaos'
const EXPERIMENT_MS = 15 * 60_000
const berlin = (hhmm: string) => Date.parse(`2026-03-06T${hhmm}:00+01:00`)

const spec: ChaosScheduleSpec = {
  schedule: '*/10 * * * *',
  timezone: 'Europe/Berlin',
  target: { service: 'api' },
  actions: [{ type: 'aws:ecs:stop-task' }],
  roleArn: 'arn:aws:iam::123456789012:role/fis',
  stopConditions: [{ cloudwatchAlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx' }],
  guardrails: {
    startingDeadlineSeconds: 60,
    blackoutWindows: [{ schedule: '0 10 * * *', duration: '30m', timezone: 'Europe/Berlin' }],
  },
}

interface Experiment {
  id: string
  tags: Record<string, string>
  startedAt: number
  endedAt?: number
}

/** FIS as far as the scheduler cares: idempotent on clientToken, experiments end after EXPERIMENT_MS. */
class FisDouble {
  readonly byToken = new Map<string, Experiment>()
  start(
    token: string,
    tags: Record<string, string>,
    now: number,
  ): { experiment: Experiment; created: boolean } {
    const known = this.byToken.get(token)
    if (known) return { experiment: known, created: false }
    const experiment = { id: `EXP${this.byToken.size + 1}`, tags, startedAt: now }
    this.byToken.set(token, experiment)
    return { experiment, created: true }
  }
  running(now: number): Experiment[] {
    return [...this.byToken.values()].filter(
      (e) => e.endedAt === undefined && now < e.startedAt + EXPERIMENT_MS,
    )
  }
  stopAll(now: number): Experiment[] {
    const stopped = this.running(now)
    for (const e of stopped) e.endedAt = now
    return stopped
  }
}

describe('a morning of a chaos schedule on a driven clock', () => {
  it('starts each slot at most once and records why the others did not run', () => {
    const fis = new FisDouble()
    const createdAt = berlin('08:00')
    // A long history, to read every outcome at the end (trimming is run-history.test.ts's business).
    let runs = new ScheduleRuns(NAME, 50)
    const inFlight = (now: number) => now >= berlin('11:00') && now < berlin('11:05')
    const down = (now: number) => now >= berlin('09:01') && now < berlin('09:35')
    let wasDown = false

    for (let now = berlin('08:00'); now <= berlin('12:00'); now += 30_000) {
      if (down(now)) {
        wasDown = true
        continue
      }
      if (wasDown) {
        // A restart: the history is gone; what FIS still knows (the slot tags) is where to resume.
        wasDown = false
        runs = new ScheduleRuns(NAME, 50)
        const slots = [...fis.byToken.values()]
          .map((e) => slotOfTags(e.tags, INSTANCE, NAME))
          .filter((s): s is number => s !== undefined)
        const resume = Math.max(createdAt, ...slots)
        for (const e of fis.running(now)) {
          runs.started(slotOfTags(e.tags, INSTANCE, NAME) as number, e.startedAt, e.id)
        }
        tick(now, resume)
        continue
      }
      // Experiments that ran their course.
      for (const run of runs.running()) {
        const e = [...fis.byToken.values()].find((x) => x.id === run.experimentId)
        if (e && (e.endedAt !== undefined || now >= e.startedAt + EXPERIMENT_MS)) {
          runs.ended(run.slot, 'completed', e.endedAt ?? e.startedAt + EXPERIMENT_MS)
        }
      }
      // Before the reconciler changes the target, it stops the experiments on it.
      if (inFlight(now)) {
        for (const e of fis.stopAll(now)) {
          runs.ended(slotOfTags(e.tags, INSTANCE, NAME) as number, 'preempted-by-deployment', now)
        }
      }
      tick(now, runs.lastHandledSlot() ?? createdAt)
    }

    function tick(now: number, after: number): void {
      const decision = decideSlot({
        schedule: spec.schedule,
        timezone: spec.timezone,
        after,
        now,
        startingDeadlineSeconds: spec.guardrails?.startingDeadlineSeconds,
      })
      runs.missed(decision.missed, now)
      if (decision.due === undefined) return
      const verdict = evaluateGuardrails({
        now,
        schedule: spec,
        clusterFreezeWindows: [],
        runningExperiments: fis.running(now).length,
        target: {
          name: 'api',
          live: { rolloutState: 'COMPLETED', deployments: 1, runningCount: 2, desiredCount: 2 },
          reconcilerStatus: 'synced',
          changeInFlight: inFlight(now),
        },
      })
      if (!verdict.allowed) {
        runs.skipped(decision.due, now, verdict.guardrail, verdict.reason)
        return
      }
      const { experiment } = fis.start(
        slotClientToken(INSTANCE, NAME, decision.due),
        slotTags(INSTANCE, NAME, decision.due),
        now,
      )
      runs.started(decision.due, now, experiment.id)
    }

    // Never two experiments for one slot, and each experiment is a slot of the schedule.
    const startedSlots = [...fis.byToken.values()].map((e) => e.tags['ecs-reconciler:chaos-slot'])
    expect(new Set(startedSlots).size).toBe(startedSlots.length)
    expect(startedSlots.slice(0, 3)).toEqual([
      slotLabel(berlin('08:10')),
      slotLabel(berlin('08:30')),
      slotLabel(berlin('08:50')),
    ])

    const outcome = (hhmm: string) => {
      const run = runs.list().find((r) => r.slot === berlin(hhmm))
      return run && [run.outcome, run.guardrail].filter(Boolean).join(':')
    }
    // After the restart: the slots that came while the daemon was down were missed, never started late.
    for (const hhmm of ['09:00', '09:10', '09:20', '09:30']) {
      expect(outcome(hhmm)).toBe('missed')
      expect(startedSlots).not.toContain(slotLabel(berlin(hhmm)))
    }
    expect(outcome('09:40')).toBe('completed')
    // The blackout window (10:00 for 30 minutes, Berlin) held three slots.
    expect(outcome('10:00')).toBe('skipped:blackout-window')
    expect(outcome('10:10')).toBe('skipped:blackout-window')
    expect(outcome('10:20')).toBe('skipped:blackout-window')
    expect(outcome('10:30')).toBe('completed')
    // The previous run was still going at 10:40 (one at a time by default).
    expect(outcome('10:40')).toBe('skipped:max-concurrent')
    // The 10:50 run was stopped for the deployment at 11:00, and the 11:00 slot held for it.
    expect(outcome('10:50')).toBe('preempted-by-deployment')
    expect(outcome('11:00')).toBe('skipped:deployment-in-flight')
    expect(outcome('11:10')).toBe('completed')
    // Since the restart: 09:00 (handled before, but unknown to FIS) to 12:00, each slot once.
    expect(runs.list().map((r) => slotLabel(r.slot))).toEqual(
      Array.from({ length: 19 }, (_, i) => slotLabel(berlin('12:00') - i * 600_000)),
    )
  })

  it('a second replica or a retried start of the same slot gets the same experiment', () => {
    const fis = new FisDouble()
    const slot = berlin('08:10')
    const first = fis.start(slotClientToken(INSTANCE, NAME, slot), slotTags(INSTANCE, NAME, slot), slot)
    const second = fis.start(
      slotClientToken(INSTANCE, NAME, slot),
      slotTags(INSTANCE, NAME, slot),
      slot + 20_000,
    )
    expect(second).toEqual({ experiment: first.experiment, created: false })
  })
})
