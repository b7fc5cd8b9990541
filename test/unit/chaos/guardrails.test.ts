/** Every guardrail holds a run with its name and reason; the first that holds, in the documented order, wins. */
import { describe, expect, it } from 'vitest'
import {
  evaluateGuardrails,
  GUARDRAILS,
  type GuardrailInput,
  type GuardrailName,
} from '../../../src/chaos/guardrails.js'

const now = Date.parse('2026-03-06T10:00:30Z')

/** A run every guardrail lets through. */
function clear(): GuardrailInput {
  return {
    now,
    schedule: {
      stopConditions: [{ cloudwatchAlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx' }],
    },
    clusterFreezeWindows: [],
    runningExperiments: 0,
    target: {
      name: 'api',
      live: { rolloutState: 'COMPLETED', deployments: 1, runningCount: 2, desiredCount: 2 },
      reconcilerStatus: 'synced',
      changeInFlight: false,
    },
  }
}

type Change = (input: GuardrailInput) => GuardrailInput
const withTarget = (input: GuardrailInput, target: Partial<GuardrailInput['target']>): GuardrailInput => ({
  ...input,
  target: { ...input.target, ...target },
})
const withGuardrails = (
  input: GuardrailInput,
  guardrails: NonNullable<GuardrailInput['schedule']['guardrails']>,
): GuardrailInput => ({ ...input, schedule: { ...input.schedule, guardrails } })

/** One way to trip each guardrail. */
const TRIPS: Record<GuardrailName, Change> = {
  suspended: (i) => ({ ...i, schedule: { ...i.schedule, suspend: true } }),
  'stop-condition': (i) => ({ ...i, schedule: { ...i.schedule, stopConditions: [] } }),
  'freeze-window': (i) => ({ ...i, clusterFreezeWindows: [{ schedule: '0 10 * * *', duration: '1h' }] }),
  'blackout-window': (i) =>
    withGuardrails(i, { blackoutWindows: [{ start: '2026-03-06T00:00:00Z', end: '2026-03-07T00:00:00Z' }] }),
  'deployment-in-flight': (i) => withTarget(i, { changeInFlight: true }),
  'target-status': (i) => withTarget(i, { reconcilerStatus: 'backoff' }),
  'max-concurrent': (i) => ({ ...i, runningExperiments: 1 }),
  'not-steady': (i) =>
    withTarget(i, {
      live: { rolloutState: 'IN_PROGRESS', deployments: 2, runningCount: 2, desiredCount: 2 },
    }),
}

describe('evaluateGuardrails', () => {
  it('allows a run when nothing holds it', () => {
    expect(evaluateGuardrails(clear())).toEqual({ allowed: true })
  })

  it.each([
    ['suspended', TRIPS.suspended, /suspended/],
    ['stop-condition', TRIPS['stop-condition'], /no stop condition/],
    [
      'freeze-window',
      TRIPS['freeze-window'],
      /cluster is frozen: "0 10 \* \* \*" for 1h \(UTC\), until 2026-03-06T11:00:00.000Z/,
    ],
    [
      'blackout-window',
      TRIPS['blackout-window'],
      /blackout window holds: 2026-03-06T00:00:00Z to 2026-03-07T00:00:00Z/,
    ],
    ['deployment-in-flight', TRIPS['deployment-in-flight'], /change to service "api" is being applied/],
    ['target-status', TRIPS['target-status'], /service "api" is backoff/],
    ['max-concurrent', TRIPS['max-concurrent'], /1 experiment is still running \(maxConcurrent: 1\)/],
    ['not-steady', TRIPS['not-steady'], /mid-deployment \(rollout IN_PROGRESS, 2 deployments\)/],
  ] as const)('%s holds a run, with its reason', (guardrail, trip, reason) => {
    const verdict = evaluateGuardrails(trip(clear()))
    expect(verdict).toMatchObject({ allowed: false, guardrail })
    expect(verdict.allowed ? '' : verdict.reason).toMatch(reason)
  })

  it('reports the first guardrail that holds, in the documented order', () => {
    expect(GUARDRAILS).toEqual([
      'suspended',
      'stop-condition',
      'freeze-window',
      'blackout-window',
      'deployment-in-flight',
      'target-status',
      'max-concurrent',
      'not-steady',
    ])
    // Trip every guardrail from the i-th on: the i-th is reported.
    GUARDRAILS.forEach((expected, i) => {
      const input = GUARDRAILS.slice(i).reduce((acc, name) => TRIPS[name](acc), clear())
      expect(evaluateGuardrails(input)).toMatchObject({ allowed: false, guardrail: expected })
    })
  })

  it('allowWithoutStopCondition lets a schedule without one run', () => {
    expect(
      evaluateGuardrails({
        ...TRIPS['stop-condition'](clear()),
        schedule: { allowWithoutStopCondition: true },
      }),
    ).toEqual({ allowed: true })
  })

  it('a blackout window that is not open does not hold', () => {
    expect(
      evaluateGuardrails(
        withGuardrails(clear(), { blackoutWindows: [{ schedule: '0 15 * * 5', duration: '9h' }] }),
      ),
    ).toEqual({ allowed: true })
  })

  it('a window that cannot be evaluated holds (fail closed)', () => {
    const verdict = evaluateGuardrails(
      withGuardrails(clear(), { blackoutWindows: [{ schedule: '0 15 * * 5', duration: 'forever' }] }),
    )
    expect(verdict).toMatchObject({ allowed: false, guardrail: 'blackout-window' })
    expect(verdict.allowed ? '' : verdict.reason).toMatch(/cannot be evaluated/)
  })

  it.each(['failed', 'backoff', 'progressing'])('the reconciler status %s holds a run', (status) => {
    expect(evaluateGuardrails(withTarget(clear(), { reconcilerStatus: status }))).toMatchObject({
      allowed: false,
      guardrail: 'target-status',
    })
  })

  it.each(['synced', 'skipped', 'planned', undefined])('the reconciler status %s does not', (status) => {
    expect(evaluateGuardrails(withTarget(clear(), { reconcilerStatus: status }))).toEqual({ allowed: true })
  })

  it('maxConcurrent raises the limit', () => {
    const two = withGuardrails({ ...clear(), runningExperiments: 1 }, { maxConcurrent: 2 })
    expect(evaluateGuardrails(two)).toEqual({ allowed: true })
    expect(evaluateGuardrails({ ...two, runningExperiments: 2 })).toMatchObject({
      allowed: false,
      guardrail: 'max-concurrent',
      reason: '2 experiments are still running (maxConcurrent: 2)',
    })
  })

  describe('steady state', () => {
    it.each([
      [
        'a rollout in progress',
        { rolloutState: 'IN_PROGRESS', deployments: 2, runningCount: 2, desiredCount: 2 },
        /mid-deployment/,
      ],
      [
        'a failed rollout',
        { rolloutState: 'FAILED', deployments: 1, runningCount: 2, desiredCount: 2 },
        /rollout FAILED/,
      ],
      [
        'a second deployment still draining',
        { rolloutState: 'COMPLETED', deployments: 2, runningCount: 2, desiredCount: 2 },
        /2 deployments/,
      ],
      [
        'fewer tasks than desired',
        { rolloutState: 'COMPLETED', deployments: 1, runningCount: 1, desiredCount: 2 },
        /runs 1 task, not the 2 desired/,
      ],
      [
        'more tasks than desired (scaling in)',
        { rolloutState: 'COMPLETED', deployments: 1, runningCount: 3, desiredCount: 2 },
        /runs 3 tasks, not the 2 desired/,
      ],
    ])('%s holds a run', (_what, live, reason) => {
      const verdict = evaluateGuardrails(withTarget(clear(), { live }))
      expect(verdict).toMatchObject({ allowed: false, guardrail: 'not-steady' })
      expect(verdict.allowed ? '' : verdict.reason).toMatch(reason)
    })

    it('requireSteadyState: false lets a run start on an unsteady target', () => {
      const input = withGuardrails(
        withTarget(clear(), {
          live: { rolloutState: 'IN_PROGRESS', deployments: 2, runningCount: 1, desiredCount: 2 },
        }),
        { requireSteadyState: false },
      )
      expect(evaluateGuardrails(input)).toEqual({ allowed: true })
    })

    it('but never on a target that does not exist, nor while our own change is in flight', () => {
      const relaxed = withGuardrails(clear(), { requireSteadyState: false })
      expect(evaluateGuardrails(withTarget(relaxed, { live: undefined }))).toMatchObject({
        allowed: false,
        guardrail: 'not-steady',
        reason: 'service "api" does not exist',
      })
      expect(evaluateGuardrails(withTarget(relaxed, { changeInFlight: true }))).toMatchObject({
        allowed: false,
        guardrail: 'deployment-in-flight',
      })
      expect(evaluateGuardrails(withTarget(relaxed, { reconcilerStatus: 'progressing' }))).toMatchObject({
        allowed: false,
        guardrail: 'target-status',
      })
    })
  })

  it('holds a target a rollback holds (the hold tag on the live service, or the reconciler saying held)', () => {
    const tagged = withTarget(clear(), {
      live: {
        rolloutState: 'COMPLETED',
        deployments: 1,
        runningCount: 2,
        desiredCount: 2,
        hold: 'revision=3 by=ops',
      },
    })
    expect(evaluateGuardrails(tagged)).toMatchObject({ allowed: false, guardrail: 'target-status' })
    expect(evaluateGuardrails(tagged)).toMatchObject({
      reason: expect.stringMatching(/held by a rollback \(revision=3 by=ops\)/),
    })
    expect(evaluateGuardrails(withTarget(clear(), { reconcilerStatus: 'held' }))).toMatchObject({
      allowed: false,
      guardrail: 'target-status',
    })
  })
})
