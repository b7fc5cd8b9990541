/**
 * Model-driven fuzz: for every operation the local cloud serves, requests built from AWS's published model
 * (src/aws-model, generated from botocore's service models) that break one rule each — a required member
 * left out, a value outside an enum, a length, size or range past its bound — must be refused with HTTP 400
 * and an error code the model declares for that operation (or one any operation may return), naming the
 * member. The requests go over the wire as the SDKs send them (awsJson 1.1 by X-Amz-Target, FIS REST).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceModels, type ServiceModel, type Shape } from '../../../src/aws-model/index.js'
import { autoScalingHandlers } from '../../../src/localcloud/autoscaling/index.js'
import { ecsHandlers } from '../../../src/localcloud/ecs/index.js'
import { routeFis } from '../../../src/localcloud/fis/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { serviceDiscoveryHandlers } from '../../../src/localcloud/servicediscovery/index.js'

interface Case {
  readonly service: string
  readonly operation: string
  readonly rule: string
  readonly path: string
  readonly input: Record<string, unknown>
}

const JSON_TARGETS = [
  { model: serviceModels.ecs, prefix: 'AmazonEC2ContainerServiceV20141113', served: ecsHandlers },
  {
    model: serviceModels.servicediscovery,
    prefix: 'Route53AutoNaming_v20170314',
    served: serviceDiscoveryHandlers,
  },
  {
    model: serviceModels['application-autoscaling'],
    prefix: 'AnyScaleFrontendService',
    served: autoScalingHandlers,
  },
] as const

/** A value the shape accepts, as small as its bounds allow (patterns aside). */
function sample(model: ServiceModel, name: string, depth = 0): unknown {
  const shape = model.shapes[name]!
  switch (shape.type) {
    case 'structure': {
      if (depth > 6) return {}
      const members = shape.members ?? {}
      const chosen = shape.union ? Object.keys(members).slice(0, 1) : (shape.required ?? [])
      return Object.fromEntries(chosen.map((m) => [m, sample(model, members[m]!.shape, depth + 1)]))
    }
    case 'list':
      return Array.from({ length: Math.max(shape.min ?? 0, 1) }, () =>
        sample(model, shape.member!, depth + 1),
      )
    case 'map':
      return (shape.min ?? 0) > 0 ? { k: sample(model, shape.value!, depth + 1) } : {}
    case 'string':
      return shape.enum?.[0] ?? 'a'.repeat(Math.min(Math.max(shape.min ?? 1, 1), shape.max ?? 1))
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return Math.min(Math.max(shape.min ?? 1, 1), shape.max ?? 1)
    case 'boolean':
      return true
    default:
      return 0
  }
}

/** One value per bound of the shape that lies just past it. */
function pastBounds(model: ServiceModel, shape: Shape): { rule: string; value: unknown }[] {
  const out: { rule: string; value: unknown }[] = []
  if (shape.type === 'string' && shape.enum) out.push({ rule: 'enum', value: 'NOT_A_MODEL_VALUE' })
  else if (shape.type === 'string') {
    if (shape.max !== undefined) out.push({ rule: 'length above max', value: 'a'.repeat(shape.max + 1) })
    if ((shape.min ?? 0) > 0) out.push({ rule: 'length below min', value: '' })
  } else if (shape.type === 'list') {
    const item = sample(model, shape.member!)
    if (shape.max !== undefined) {
      out.push({ rule: 'size above max', value: Array.from({ length: shape.max + 1 }, () => item) })
    }
    if ((shape.min ?? 0) > 0) out.push({ rule: 'size below min', value: [] })
  } else if (['integer', 'long', 'double', 'float'].includes(shape.type)) {
    if (shape.max !== undefined) out.push({ rule: 'range above max', value: shape.max + 1 })
    if (shape.min !== undefined) out.push({ rule: 'range below min', value: shape.min - 1 })
  }
  return out
}

function casesFor(
  model: ServiceModel,
  service: string,
  operation: string,
  skip: (m: string) => boolean,
): Case[] {
  const inputName = model.operations[operation]!.input
  if (!inputName) return []
  const shape = model.shapes[inputName]!
  const base = sample(model, inputName) as Record<string, unknown>
  const cases: Case[] = []
  for (const member of shape.required ?? []) {
    if (skip(member)) continue
    const { [member]: _left, ...input } = base
    cases.push({ service, operation, rule: 'required', path: member, input })
  }
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    if (skip(member)) continue
    for (const { rule, value } of pastBounds(model, model.shapes[ref.shape]!)) {
      cases.push({ service, operation, rule, path: member, input: { ...base, [member]: value } })
    }
  }
  return cases
}

const jsonCases = JSON_TARGETS.flatMap(({ model, prefix, served }) =>
  Object.keys(model.operations)
    .filter((op) => op in served)
    .flatMap((op) => casesFor(model, prefix, op, () => false)),
)

/** FIS operations the local cloud routes; members bound into the URI are left alone (no client can omit them). */
const fisModel = serviceModels.fis
function fisPath(operation: string, input: Record<string, unknown>): string {
  const uri = fisModel.operations[operation]!.http.requestUri
  return uri.replace(/\{(\w+)\+?\}/g, (_m, label: string) => {
    const value = input[label]
    return encodeURIComponent(typeof value === 'string' ? value : 'x')
  })
}
const fisCases = Object.keys(fisModel.operations)
  .filter((op) => {
    const http = fisModel.operations[op]!.http
    return routeFis(http.method, fisPath(op, {})) !== undefined
  })
  .flatMap((op) => {
    const members = fisModel.shapes[fisModel.operations[op]!.input ?? '']?.members ?? {}
    return casesFor(fisModel, 'fis', op, (m) => members[m]?.location === 'uri')
  })

let cloud: LocalCloud

beforeAll(async () => {
  cloud = await startLocalCloud({ clock: 'manual', consistencyLagMs: 0 })
})
afterAll(async () => cloud.close())

async function sendJson(prefix: string, operation: string, input: unknown) {
  const res = await fetch(cloud.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${prefix}.${operation}` },
    body: JSON.stringify(input),
  })
  const body = (await res.json()) as { __type?: string; message?: string }
  return {
    status: res.status,
    code: res.headers.get('x-amzn-errortype') ?? body.__type ?? '',
    message: body.message ?? '',
  }
}

async function sendFis(operation: string, input: Record<string, unknown>) {
  const op = fisModel.operations[operation]!
  const members = fisModel.shapes[op.input ?? '']?.members ?? {}
  const body: Record<string, unknown> = {}
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(input)) {
    const member = members[name]
    if (member?.location === 'querystring') query.set(member.locationName ?? name, String(value))
    else if (member?.location !== 'uri') body[name] = value
  }
  const url = `${cloud.endpoint}${fisPath(operation, input)}${query.size ? `?${query.toString()}` : ''}`
  const res = await fetch(url, {
    method: op.http.method,
    headers: { 'content-type': 'application/json' },
    ...(op.http.method === 'GET' || op.http.method === 'DELETE' ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  const parsed = (text ? JSON.parse(text) : {}) as { message?: string }
  return {
    status: res.status,
    code: res.headers.get('x-amzn-errortype') ?? '',
    message: parsed.message ?? '',
  }
}

function modelOf(service: string): ServiceModel {
  return service === 'fis' ? fisModel : JSON_TARGETS.find((t) => t.prefix === service)!.model
}

describe('the local cloud refuses what the model refuses', () => {
  it('has a case for every operation it serves that takes input', () => {
    expect(jsonCases.length + fisCases.length).toBeGreaterThan(150)
    const served = new Set([...jsonCases, ...fisCases].map((c) => c.operation))
    for (const op of [
      'RegisterTaskDefinition',
      'CreateService',
      'UpdateService',
      'TagResource',
      'CreateHttpNamespace',
    ]) {
      expect(served).toContain(op)
    }
    expect(served).toContain('CreateExperimentTemplate')
  })

  it.each([...jsonCases, ...fisCases].map((c) => [`${c.operation} ${c.rule} ${c.path}`, c] as const))(
    '%s',
    async (_name, c) => {
      const answer =
        c.service === 'fis'
          ? await sendFis(c.operation, c.input)
          : await sendJson(c.service, c.operation, c.input)
      const model = modelOf(c.service)
      const declared = [...model.operations[c.operation]!.errors, ...model.commonErrors]
      expect(answer.status).toBe(400)
      expect(declared).toContain(answer.code)
      expect(answer.message).toContain(`'${c.path}`)
    },
  )
})

describe('server-side failures keep to the declared codes', () => {
  it('an injected 5xx is ServerException where ECS declares it and InternalFailure on Cloud Map', async () => {
    const failing = await startLocalCloud({ clock: 'manual', faults: { serverErrorRate: 1 } })
    try {
      const post = (target: string) =>
        fetch(failing.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
          body: '{}',
        })
      const ecs = await post('AmazonEC2ContainerServiceV20141113.ListClusters')
      const sd = await post('Route53AutoNaming_v20170314.ListNamespaces')
      expect([ecs.status, ecs.headers.get('x-amzn-errortype')]).toEqual([500, 'ServerException'])
      // ListNamespaces declares InvalidInput only; a server failure is then the common InternalFailure
      // (https://docs.aws.amazon.com/cloud-map/latest/api/CommonErrors.html).
      expect([sd.status, sd.headers.get('x-amzn-errortype')]).toEqual([500, 'InternalFailure'])
    } finally {
      await failing.close()
    }
  })
})
