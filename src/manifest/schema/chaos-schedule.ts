/** @module Schema of `kind: ChaosSchedule`: an FIS experiment template started on a cron schedule. */
import { z } from 'zod'
import { arn, envelope, scalar, tagMap } from './common.js'
import { doc, fis, FIS_ECS_ACTIONS } from './doc.js'
import { timeWindow } from './window.js'

export const chaosScheduleSpec = z.strictObject({
  schedule: z
    .string()
    .min(1)
    .describe(
      doc({
        text: 'When experiments start: a 5-field cron (minute hour day-of-month month day-of-week). Each slot runs at most once; a missed slot is never started late.',
        example: '"0 10 * * 1-5" (weekdays at 10:00)',
      }),
    ),
  timezone: z
    .string()
    .optional()
    .describe(
      doc({ text: 'IANA time zone the schedule is read in.', default: 'UTC', example: 'Asia/Seoul' }),
    ),
  suspend: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'true holds every slot back (recorded as suspended); the experiment template is kept.',
        default: 'false',
      }),
    ),
  description: z
    .string()
    .max(512)
    .optional()
    .describe(
      doc({
        text: 'Description of the experiment template, at most 512 characters.',
        default: '"ecs-reconciler ChaosSchedule <name>"',
        aws: fis('CreateExperimentTemplate', 'description'),
      }),
    ),
  target: z
    .strictObject({
      service: z
        .string()
        .min(1)
        .describe(
          doc({
            text: 'Name of the Service (declared in the manifests) whose tasks the experiment acts on.',
            aws: fis('CreateExperimentTemplateTargetInput', 'parameters'),
          }),
        ),
      cluster: z
        .string()
        .optional()
        .describe(
          doc({
            text: 'Cluster of the target service; needed only when services of that name run in several clusters.',
            default: 'the --cluster default, or the only service of that name',
          }),
        ),
      selection: z
        .string()
        .optional()
        .describe(
          doc({
            text: "Which of the service's tasks are hit: ALL, COUNT(n) or PERCENT(n), chosen at random when the experiment starts.",
            default: 'COUNT(1)',
            aws: fis('CreateExperimentTemplateTargetInput', 'selectionMode'),
          }),
        ),
    })
    .describe(
      doc({
        text: 'The ECS tasks the experiment acts on (an aws:ecs:task target).',
        aws: fis('CreateExperimentTemplateTargetInput'),
      }),
    ),
  actions: z
    .array(
      z.strictObject({
        name: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional()
          .describe(
            doc({
              text: 'Name of the action in the template: 1–64 letters, digits, "_" or "-".',
              default: 'action-<n> (its position, from 1)',
            }),
          ),
        type: z
          .string()
          .min(1)
          .describe(
            doc({
              text: 'FIS action id for ECS tasks, checked against what the target task definition allows.',
              example: 'aws:ecs:stop-task, aws:ecs:task-cpu-stress',
              aws: FIS_ECS_ACTIONS,
            }),
          ),
        parameters: z
          .record(z.string(), scalar)
          .optional()
          .describe(
            doc({
              text: 'Parameters of the action as a map; numbers and booleans are sent as strings.',
              example: '{duration: PT2M, percent: 80}',
              aws: fis('CreateExperimentTemplateActionInput', 'parameters'),
            }),
          ),
      }),
    )
    .min(1)
    .describe(
      doc({
        text: 'Fault actions run by each experiment, at least one.',
        aws: fis('CreateExperimentTemplateActionInput'),
      }),
    ),
  roleArn: arn.describe(
    doc({
      text: 'ARN of the IAM role FIS assumes to run the experiment.',
      aws: fis('CreateExperimentTemplate', 'roleArn'),
    }),
  ),
  stopConditions: z
    .array(
      z.strictObject({
        cloudwatchAlarmArn: arn.describe(
          doc({
            text: 'ARN of a CloudWatch alarm; the experiment stops when it goes into ALARM.',
            aws: fis('CreateExperimentTemplateStopConditionInput', 'value'),
          }),
        ),
      }),
    )
    .optional()
    .describe(
      doc({
        text: 'Alarms that stop a running experiment. One is required unless allowWithoutStopCondition is true.',
        aws: fis('CreateExperimentTemplateStopConditionInput'),
      }),
    ),
  allowWithoutStopCondition: z
    .boolean()
    .optional()
    .describe(
      doc({
        text: 'true allows a schedule without stopConditions (the template then has the stop condition "none").',
        default: 'false',
      }),
    ),
  guardrails: z
    .strictObject({
      requireSteadyState: z
        .boolean()
        .optional()
        .describe(
          doc({
            text: 'Skip a slot while the target is mid-deployment or runs fewer tasks than desired.',
            default: 'true',
          }),
        ),
      blackoutWindows: z
        .array(timeWindow)
        .optional()
        .describe(
          doc({ text: 'Windows in which no experiment starts; a slot inside one is recorded as held back.' }),
        ),
      maxConcurrent: z
        .int()
        .min(1)
        .optional()
        .describe(doc({ text: 'Most experiments of this schedule running at once.', default: '1' })),
      startingDeadlineSeconds: z
        .int()
        .min(1)
        .optional()
        .describe(
          doc({
            text: 'A slot missed by more than this many seconds (say while the daemon was down) is skipped, not started late.',
            default: '300',
          }),
        ),
    })
    .optional()
    .describe(
      doc({
        text: 'Conditions that hold a slot back; every held slot is recorded with its reason. No AWS counterpart.',
      }),
    ),
  /** Runs kept per schedule in status (like a CronJob's history limits). */
  historyLimit: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(doc({ text: 'Runs of this schedule kept in status, 1–100.', default: '10' })),
  tags: tagMap.optional().describe(
    doc({
      text: 'Tags on the experiment template, as a map; ecs-reconciler adds its ownership tags.',
      aws: fis('CreateExperimentTemplate', 'tags'),
    }),
  ),
})

export const chaosScheduleDocument = envelope('ChaosSchedule', chaosScheduleSpec, {
  text: 'An AWS FIS experiment template on the tasks of one service, plus experiments the daemon starts on a cron schedule under guardrails (Kubernetes CronJob semantics).',
  aws: fis('CreateExperimentTemplate'),
})
export type ChaosScheduleSpec = z.infer<typeof chaosScheduleSpec>
