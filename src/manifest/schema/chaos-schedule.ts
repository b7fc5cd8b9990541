/** @module Schema of `kind: ChaosSchedule`: an FIS experiment template started on a cron schedule. */
import { z } from 'zod'
import { arn, envelope, scalar, tagMap } from './common.js'
import { timeWindow } from './window.js'

export const chaosScheduleSpec = z.strictObject({
  schedule: z.string().min(1),
  timezone: z.string().optional(),
  suspend: z.boolean().optional(),
  description: z.string().max(512).optional(),
  target: z.strictObject({
    service: z.string().min(1),
    cluster: z.string().optional(),
    selection: z.string().optional(),
  }),
  actions: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
        type: z.string().min(1),
        parameters: z.record(z.string(), scalar).optional(),
      }),
    )
    .min(1),
  roleArn: arn,
  stopConditions: z.array(z.strictObject({ cloudwatchAlarmArn: arn })).optional(),
  allowWithoutStopCondition: z.boolean().optional(),
  guardrails: z
    .strictObject({
      requireSteadyState: z.boolean().optional(),
      blackoutWindows: z.array(timeWindow).optional(),
      maxConcurrent: z.int().min(1).optional(),
      startingDeadlineSeconds: z.int().min(1).optional(),
    })
    .optional(),
  /** Runs kept per schedule in status (like a CronJob's history limits). */
  historyLimit: z.int().min(1).max(100).optional(),
  tags: tagMap.optional(),
})

export const chaosScheduleDocument = envelope('ChaosSchedule', chaosScheduleSpec)
export type ChaosScheduleSpec = z.infer<typeof chaosScheduleSpec>
