/** What a FIS task action needs from its target service (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */
import { describe, expect, it } from 'vitest'
import { missingTaskSetup, type TaskSetup } from '../../../src/manifest/rules/chaos-task-definition.js'

const ready: TaskSetup = { hasSsmAgent: true, enableFaultInjection: true, pidMode: 'task' }
const agent =
  'an SSM agent sidecar container (image public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent, essential: false)'
const injection = 'taskDefinition.enableFaultInjection: true'
const pid = 'taskDefinition.pidMode: task'
const exec = 'enableExecuteCommand off (FIS task actions need ECS Exec disabled)'
const stopTask = { needsSsmAgent: false, needsPidModeTask: false }
const cpuStress = { needsSsmAgent: true, needsPidModeTask: false }
const network = { needsSsmAgent: true, needsPidModeTask: true }

describe('missingTaskSetup', () => {
  it.each([
    ['stop-task on a bare service', stopTask, { hasSsmAgent: false }, []],
    ['cpu stress on a ready service', cpuStress, ready, []],
    ['network action on a ready service', network, ready, []],
    ['cpu stress without the agent', cpuStress, { ...ready, hasSsmAgent: false }, [agent]],
    ['cpu stress does not need pidMode task', cpuStress, { ...ready, pidMode: undefined }, []],
    ['network action on a bare service', network, { hasSsmAgent: false }, [agent, injection, pid]],
    ['ECS Exec on', cpuStress, { ...ready, enableExecuteCommand: true }, [exec]],
    [
      'ECS Exec on does not matter to stop-task',
      stopTask,
      { hasSsmAgent: false, enableExecuteCommand: true },
      [],
    ],
  ] as const)('%s', (_name, spec, setup: TaskSetup, needs) => {
    expect(missingTaskSetup(spec, setup)).toEqual(needs)
  })
})
