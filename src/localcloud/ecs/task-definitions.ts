/** @module ECS task definitions: register (normalised as ECS does), describe, list, deregister, delete. */
import { ecsErrors } from '../errors.js'
import { checkTagCount } from '../tag-limit.js'
import { arn, type HandlerContext, type Handler } from '../context.js'
import type { EcsTaskDefinition, Json, World } from '../state.js'
import { revisionsOf, taskDefinitionAdded } from './ecs-index.js'
import { optionalString, paginate, requireString, tagsFromList, text } from '../validate-input.js'
import { normalisePortMappings } from './port-mappings.js'
import { fargateRefusals, MAX_TASK_DEFINITION_BYTES, taskDefinitionBytes } from './fargate-rules.js'

/** Valid Fargate task sizes (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html): CPU units → allowed memory MiB. */
const FARGATE_MEMORY: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let v = from; v <= to; v += step) out.push(v)
  return out
}

/** ECS accepts "1 vCPU" / "2 GB" and stores integer strings (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html). */
function toUnits(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined
  // ".25 vcpu" as well as "0.25 vCPU": the ECS Exec page's example task definition writes it so.
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(vcpu|gb)?\s*$/i.exec(text(value))
  if (!match) throw ecsErrors.client(`Invalid '${field}' setting for task.`)
  return String(match[2] ? Math.round(Number(match[1]) * 1024) : Math.round(Number(match[1])))
}

function normaliseContainer(raw: unknown): Json {
  if (typeof raw !== 'object' || raw === null) {
    throw ecsErrors.client('Container definition must be an object.')
  }
  const c = raw as Json
  if (typeof c['name'] !== 'string' || typeof c['image'] !== 'string') {
    throw ecsErrors.client('Container.name and Container.image should not be null or empty.')
  }
  return {
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    ...c,
    cpu: typeof c['cpu'] === 'number' ? c['cpu'] : 0,
    essential: c['essential'] ?? true,
    portMappings: normalisePortMappings(c['portMappings'], c['name']),
    ...(c['healthCheck']
      ? {
          healthCheck: {
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: 0,
            ...(c['healthCheck'] as Json),
          },
        }
      : {}),
  }
}

export function findTaskDefinition(world: World, ref: string): EcsTaskDefinition | undefined {
  if (ref.startsWith('arn:')) return world.ecs.taskDefinitions[ref]
  const [family = '', revision] = ref.split(':')
  const all = revisionsOf(world, family)
  if (revision !== undefined) return all.find((td) => td.revision === Number(revision))
  // A family alone means its latest ACTIVE revision (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html).
  return all.filter((td) => td.status === 'ACTIVE').sort((a, b) => b.revision - a.revision)[0]
}

/**
 * The capacities ECS found the task definition valid for: EC2 always, FARGATE when it meets Fargate's
 * rules (awsvpc, a valid task size, no member Fargate refuses) — "Amazon ECS validates the task definition
 * parameters with those supported by the launch type"
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html#ECS-Type-TaskDefinition-compatibilities).
 */
function computedCompatibilities(
  input: Json,
  cpu: string | undefined,
  memory: string | undefined,
  notOnFargate: string[],
): string[] {
  const fargate =
    input['networkMode'] === 'awsvpc' &&
    cpu !== undefined &&
    memory !== undefined &&
    (FARGATE_MEMORY[Number(cpu)] ?? []).includes(Number(memory)) &&
    notOnFargate.length === 0
  return fargate ? ['EC2', 'FARGATE'] : ['EC2']
}

const register: Handler = (input, ctx) => {
  const family = requireString(input, 'family', ecsErrors.client)
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    throw ecsErrors.client('Family contains invalid characters or is too long.')
  }
  const containers = input['containerDefinitions']
  if (!Array.isArray(containers) || containers.length === 0) {
    throw ecsErrors.client('Container list cannot be empty.')
  }
  if (taskDefinitionBytes(input) > MAX_TASK_DEFINITION_BYTES) {
    throw ecsErrors.client('The task definition is larger than the 64 KiB a task definition may be.')
  }
  const cpu = toUnits(input['cpu'], 'cpu')
  const memory = toUnits(input['memory'], 'memory')
  const compatibilities = Array.isArray(input['requiresCompatibilities'])
    ? (input['requiresCompatibilities'] as string[])
    : []
  const notOnFargate = fargateRefusals(input)
  if (compatibilities.includes('FARGATE')) {
    if (notOnFargate.length > 0) {
      throw ecsErrors.client(`Fargate compatible task definitions do not support ${notOnFargate.join(', ')}.`)
    }
    if (input['networkMode'] !== 'awsvpc') {
      throw ecsErrors.client('Fargate requires task definition to have networkMode awsvpc.')
    }
    if (!cpu || !memory) throw ecsErrors.client("Fargate requires that 'cpu' be defined at the task level.")
    if (!(FARGATE_MEMORY[Number(cpu)] ?? []).includes(Number(memory))) {
      throw ecsErrors.client(
        `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory.`,
      )
    }
  }
  const revision = (ctx.world.ecs.families[family] ?? 0) + 1
  ctx.world.ecs.families[family] = revision
  const tdArn = arn(ctx, 'ecs', `task-definition/${family}:${revision}`)
  const { tags: _tags, ...rest } = input
  const body: Json = {
    ...rest,
    family,
    ...(cpu ? { cpu } : {}),
    ...(memory ? { memory } : {}),
    containerDefinitions: containers.map(normaliseContainer),
    volumes: Array.isArray(input['volumes']) ? input['volumes'] : [],
    placementConstraints: [],
    taskDefinitionArn: tdArn,
    revision,
    status: 'ACTIVE',
    compatibilities: computedCompatibilities(input, cpu, memory, notOnFargate),
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.task-iam-role' }],
    registeredAt: ctx.now / 1000,
    registeredBy: `arn:aws:iam::123456789012:root`,
  }
  const tags = tagsFromList(input['tags'], 'key', 'value')
  checkTagCount(tags, ecsErrors.tooManyTags)
  const td: EcsTaskDefinition = { arn: tdArn, family, revision, status: 'ACTIVE', body, tags }
  ctx.world.ecs.taskDefinitions[tdArn] = td
  taskDefinitionAdded(ctx.world, td)
  return { taskDefinition: body, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) }
}

const describe: Handler = (input, ctx) => {
  const ref = requireString(input, 'taskDefinition', ecsErrors.client)
  const td = findTaskDefinition(ctx.world, ref)
  if (!td) throw ecsErrors.client('Unable to describe task definition.')
  const include = Array.isArray(input['include']) ? (input['include'] as string[]) : []
  return {
    taskDefinition: { ...td.body, status: td.status },
    ...(include.includes('TAGS')
      ? { tags: Object.entries(td.tags).map(([key, value]) => ({ key, value })) }
      : {}),
  }
}

const list: Handler = (input, ctx) => {
  // Despite its name, ListTaskDefinitions' familyPrefix is "the full family name" and limits the list to
  // that family's revisions (ECS API reference, ListTaskDefinitions request); ListTaskDefinitionFamilies'
  // familyPrefix is the real prefix.
  const family = optionalString(input, 'familyPrefix', ecsErrors.invalid)
  const status = optionalString(input, 'status', ecsErrors.invalid) ?? 'ACTIVE'
  const candidates = family ? revisionsOf(ctx.world, family) : Object.values(ctx.world.ecs.taskDefinitions)
  const arns = candidates
    .filter((td) => status === 'ALL' || td.status === status)
    .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
    .map((td) => td.arn)
  const max = typeof input['maxResults'] === 'number' ? input['maxResults'] : 100
  const { page, next } = paginate(
    input['sort'] === 'DESC' ? arns.reverse() : arns,
    max,
    optionalString(input, 'nextToken', ecsErrors.invalid),
    ecsErrors.invalid,
  )
  return { taskDefinitionArns: page, ...(next ? { nextToken: next } : {}) }
}

const listFamilies: Handler = (input, ctx) => {
  const prefix = optionalString(input, 'familyPrefix', ecsErrors.invalid)
  const families = [
    ...new Set(
      Object.values(ctx.world.ecs.taskDefinitions)
        .filter((td) => td.status === 'ACTIVE')
        .map((td) => td.family),
    ),
  ]
    .filter((f) => (prefix ? f.startsWith(prefix) : true))
    .sort()
  const max = typeof input['maxResults'] === 'number' ? input['maxResults'] : 100
  const { page, next } = paginate(
    families,
    max,
    optionalString(input, 'nextToken', ecsErrors.invalid),
    ecsErrors.invalid,
  )
  return { families: page, ...(next ? { nextToken: next } : {}) }
}

const deregister: Handler = (input, ctx) => {
  const ref = requireString(input, 'taskDefinition', ecsErrors.client)
  if (!ref.startsWith('arn:') && !ref.includes(':')) {
    throw ecsErrors.client('A revision must be given to deregister a task definition.')
  }
  const td = findTaskDefinition(ctx.world, ref)
  if (!td) throw ecsErrors.client('The specified task definition does not exist.')
  td.status = 'INACTIVE'
  return { taskDefinition: { ...td.body, status: td.status, deregisteredAt: ctx.now / 1000 } }
}

/** At most 10 per call, each INACTIVE first (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html). */
const deleteMany: Handler = (input, ctx) => {
  const refs = input['taskDefinitions']
  if (!Array.isArray(refs) || refs.length === 0 || refs.length > 10) {
    throw ecsErrors.invalid('taskDefinitions must list 1 to 10 task definitions.')
  }
  const taskDefinitions: Json[] = []
  const failures: Json[] = []
  for (const ref of refs as string[]) {
    const td = findTaskDefinition(ctx.world, ref)
    if (!td) failures.push({ arn: ref, reason: 'The specified task definition does not exist.' })
    else if (td.status === 'ACTIVE') {
      failures.push({
        arn: td.arn,
        reason: 'The specified task definition is still in ACTIVE status. Deregister it first.',
      })
    } else {
      td.status = 'DELETE_IN_PROGRESS'
      taskDefinitions.push({ ...td.body, status: td.status })
    }
  }
  return { taskDefinitions, failures }
}

export const taskDefinitionHandlers: Record<string, Handler> = {
  RegisterTaskDefinition: register,
  DescribeTaskDefinition: describe,
  ListTaskDefinitions: list,
  ListTaskDefinitionFamilies: listFamilies,
  DeregisterTaskDefinition: deregister,
  DeleteTaskDefinitions: deleteMany,
}

export type { HandlerContext }
