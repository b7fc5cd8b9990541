/**
 * @module Takes out of a rendered task definition the members ECS refuses on Fargate (the one list in
 * src/aws-model/fargate.ts), recording each with its reason: a manifest cannot hold them. Pure.
 */
import {
  FARGATE_ADDABLE_CAPABILITIES,
  FARGATE_REFUSED_MEMBERS,
  FARGATE_REFUSED_RESOURCE_TYPES,
  FARGATE_TASK_DEFINITION_PAGE,
  LOG_CONFIGURATION_PAGE,
  refusedLogDriver,
} from '../aws-model/fargate.js'
import { ecsModel } from '../aws-model/generated/ecs.js'
import type { LeftOutList } from './left-out.js'

type Json = Record<string, unknown>

const REFUSED = new Map(FARGATE_REFUSED_MEMBERS.map((r) => [r.member, r]))
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Deletes, in place, every refused member under `value` (a `shapeName`); `where` names it for people. */
export function dropFargateRefused(
  shapeName: string,
  value: unknown,
  where: string,
  leftOut: LeftOutList,
): void {
  const shape = ecsModel.shapes[shapeName]
  if (!shape) return
  if (shape.type === 'list' && Array.isArray(value)) {
    value.forEach((item, i) => dropFargateRefused(shape.member ?? '', item, `${where}[${i}]`, leftOut))
    return
  }
  if (shape.type !== 'structure' || !isObject(value)) return
  for (const [name, member] of Object.entries(value)) {
    const refusal = REFUSED.get(`${shapeName}.${name}`)
    if (refusal) {
      delete value[name]
      leftOut.add(`${where}.${name}`, `not supported on Fargate: ${refusal.reason} (${refusal.source})`)
      continue
    }
    const ref = shape.members?.[name]
    if (ref) dropFargateRefused(ref.shape, member, `${where}.${name}`, leftOut)
  }
  if (shapeName === 'KernelCapabilities') dropCapabilities(value, where, leftOut)
  if (shapeName === 'ContainerDefinition') {
    dropGpu(value, where, leftOut)
    dropLogConfiguration(value, where, leftOut)
  }
}

/** A log configuration with a driver Fargate does not run is left out whole: its options belong to that driver. */
function dropLogConfiguration(container: Json, where: string, leftOut: LeftOutList): void {
  const driver = refusedLogDriver(container['logConfiguration'])
  if (driver === undefined) return
  delete container['logConfiguration']
  leftOut.add(
    `${where}.logConfiguration`,
    `log driver ${driver}: Fargate supports awslogs, awsfirelens and splunk (${LOG_CONFIGURATION_PAGE})`,
  )
}

function dropCapabilities(caps: Json, where: string, leftOut: LeftOutList): void {
  const add = Array.isArray(caps['add']) ? caps['add'].map(String) : []
  const kept = add.filter((c) => FARGATE_ADDABLE_CAPABILITIES.includes(c))
  if (kept.length === add.length) return
  leftOut.add(
    `${where}.add`,
    `${add.filter((c) => !kept.includes(c)).join(', ')}: Fargate lets a container add only SYS_PTRACE (${FARGATE_TASK_DEFINITION_PAGE})`,
  )
  if (kept.length > 0) caps['add'] = kept
  else delete caps['add']
}

function dropGpu(container: Json, where: string, leftOut: LeftOutList): void {
  const list = Array.isArray(container['resourceRequirements'])
    ? (container['resourceRequirements'] as Json[])
    : []
  const kept = list.filter((r) => !FARGATE_REFUSED_RESOURCE_TYPES.includes(String(r['type'])))
  if (kept.length === list.length) return
  leftOut.add(
    `${where}.resourceRequirements`,
    `GPU: not supported on Fargate (${FARGATE_TASK_DEFINITION_PAGE})`,
  )
  if (kept.length > 0) container['resourceRequirements'] = kept
  else delete container['resourceRequirements']
}
