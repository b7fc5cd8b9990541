/** @module FIS ECS actions and what each needs (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */

export interface ParameterSpec {
  readonly required?: boolean
  readonly kind: 'duration' | 'percent' | 'int' | 'bool' | 'enum' | 'string'
  readonly values?: readonly string[]
}

export interface FisActionSpec {
  readonly parameters: Readonly<Record<string, ParameterSpec>>
  /** Needs the SSM agent sidecar and `enableFaultInjection` (the aws:ecs:task-* actions). */
  readonly needsSsmAgent: boolean
  readonly needsPidModeTask: boolean
  readonly network: boolean
}

const install: ParameterSpec = { kind: 'bool' }
const duration: ParameterSpec = { kind: 'duration', required: true }
const networkCommon = {
  duration,
  installDependencies: install,
  useEcsFaultInjectionEndpoints: { kind: 'bool' },
  flowsPercent: { kind: 'percent' },
  sources: { kind: 'string' },
} as const

export const FIS_ECS_ACTIONS: Readonly<Record<string, FisActionSpec>> = {
  'aws:ecs:stop-task': { parameters: {}, needsSsmAgent: false, needsPidModeTask: false, network: false },
  'aws:ecs:task-cpu-stress': {
    parameters: {
      duration,
      percent: { kind: 'percent' },
      workers: { kind: 'int' },
      installDependencies: install,
    },
    needsSsmAgent: true,
    needsPidModeTask: false,
    network: false,
  },
  'aws:ecs:task-io-stress': {
    parameters: {
      duration,
      percent: { kind: 'percent' },
      workers: { kind: 'int' },
      installDependencies: install,
    },
    needsSsmAgent: true,
    needsPidModeTask: false,
    network: false,
  },
  'aws:ecs:task-kill-process': {
    parameters: {
      processName: { kind: 'string', required: true },
      signal: { kind: 'enum', values: ['SIGTERM', 'SIGKILL'] },
      installDependencies: install,
    },
    needsSsmAgent: true,
    needsPidModeTask: true,
    network: false,
  },
  'aws:ecs:task-network-blackhole-port': {
    parameters: {
      duration,
      port: { kind: 'int', required: true },
      trafficType: { kind: 'enum', values: ['ingress', 'egress'], required: true },
      protocol: { kind: 'enum', values: ['tcp', 'udp'] },
      installDependencies: install,
      useEcsFaultInjectionEndpoints: { kind: 'bool' },
    },
    needsSsmAgent: true,
    needsPidModeTask: true,
    network: true,
  },
  'aws:ecs:task-network-latency': {
    parameters: { ...networkCommon, delayMilliseconds: { kind: 'int' }, jitterMilliseconds: { kind: 'int' } },
    needsSsmAgent: true,
    needsPidModeTask: true,
    network: true,
  },
  'aws:ecs:task-network-packet-loss': {
    parameters: { ...networkCommon, lossPercent: { kind: 'percent' } },
    needsSsmAgent: true,
    needsPidModeTask: true,
    network: true,
  },
}

/** Acts on EC2 container instances: nothing to drain on Fargate (https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference). */
export const FARGATE_USELESS_ACTIONS = new Set(['aws:ecs:drain-container-instances'])
