/** @module The HTTP server: awsJson1_1 dispatch by X-Amz-Target, restJson1 routes for FIS, faults, marking changes for persistence. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { evolveScheduledActions, autoScalingHandlers } from './autoscaling/index.js'
import type { LocalClock } from './clock.js'
import type { ConsistencyLag } from './consistency.js'
import type { Handler, HandlerContext, Timing } from './context.js'
import { ACCOUNT_ID } from './context.js'
import { evolveEcs } from './ecs/lifecycle.js'
import { ecsHandlers } from './ecs/index.js'
import { AwsError } from './errors.js'
import type { Faults } from './faults.js'
import { evolveExperiments, routeFis } from './fis/index.js'
import type { ServiceModel } from '../aws-model/index.js'
import {
  isDeclaredError,
  MODEL_BY_TARGET_PREFIX,
  modelFor,
  refuseInvalidInput,
  restInput,
  restOperation,
} from './model-check.js'
import type { StateWriter } from './persistence.js'
import { serviceDiscoveryHandlers } from './servicediscovery/index.js'
import { taggingHandlers } from './tagging/index.js'
import type { Json, World } from './state.js'

/** awsJson1_1 target prefixes (aws-facts §4.4) → service label and operations. */
const JSON_SERVICES: Record<string, { label: string; handlers: Record<string, Handler> }> = {
  AmazonEC2ContainerServiceV20141113: { label: 'ECS', handlers: ecsHandlers },
  Route53AutoNaming_v20170314: { label: 'ServiceDiscovery', handlers: serviceDiscoveryHandlers },
  AnyScaleFrontendService: { label: 'ApplicationAutoScaling', handlers: autoScalingHandlers },
  ResourceGroupsTaggingAPI_20170126: { label: 'ResourceGroupsTaggingAPI', handlers: taggingHandlers },
}

/** A request body above this is refused: no real call comes close. */
const MAX_BODY_BYTES = 5 * 1024 * 1024

export interface ServerEnv {
  world: World
  readonly clock: LocalClock
  readonly timing: Timing
  readonly faults: Faults
  readonly defaultRegion: string
  /** Told of every mutation; writes the state file coalesced. */
  readonly state: StateWriter
  readonly counts: Map<string, number>
  /** Reads may see the state from before recent writes (eventual consistency). */
  readonly consistency: ConsistencyLag
}

const isRead = (operation: string): boolean => /^(Describe|List|Get)/.test(operation)

/** The region the client signed for, from the SigV4 credential scope. */
function regionOf(req: IncomingMessage, fallback: string): string {
  const auth = req.headers['authorization'] ?? ''
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth)?.[1] ?? fallback
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new AwsError('SerializationException', 'Request body too large.'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function context(env: ServerEnv, region: string): HandlerContext {
  return {
    world: env.world,
    now: env.clock.now(),
    region,
    timing: env.timing,
    faults: env.faults,
    clock: env.clock,
  }
}

/** Brings the world up to now; derived changes are not persisted by reads (a plan leaves the file untouched). */
function evolve(ctx: HandlerContext): void {
  evolveEcs(
    { world: ctx.world, timing: ctx.timing, region: ctx.region, account: ACCOUNT_ID },
    ctx.now,
    (image) => ctx.faults.imageFails(image),
  )
  evolveScheduledActions(ctx)
  evolveExperiments(ctx)
}

/** Runs a handler: a read against the lagged view of the world, a write against the world itself. */
function run(
  env: ServerEnv,
  ctx: HandlerContext,
  read: boolean,
  handler: (ctx: HandlerContext) => unknown,
): unknown {
  if (read) return handler({ ...ctx, world: env.consistency.readView(ctx.world, ctx.now) })
  const before = env.consistency.beforeWrite(ctx.world)
  try {
    return handler(ctx)
  } finally {
    env.consistency.afterWrite(ctx.world, before, ctx.now)
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType: string,
  errorType?: string,
): void {
  const text = JSON.stringify(body ?? {})
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  })
  res.end(text)
}

async function handle(env: ServerEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.headers['x-amz-target']
  const jsonProtocol = typeof target === 'string'
  const contentType = jsonProtocol ? 'application/x-amz-json-1.1' : 'application/json'
  const addressed = modelOperationOf(req)
  const fail = (err: AwsError): void => {
    const code = addressed ? answeredCode(addressed.model, addressed.operation, err) : err.code
    send(
      res,
      err.status,
      jsonProtocol ? { __type: code, message: err.message } : { message: err.message },
      contentType,
      code,
    )
  }
  try {
    const raw = await readBody(req)
    if (env.faults.config.latencyMs) await new Promise((r) => setTimeout(r, env.faults.config.latencyMs))
    env.faults.beforeRequest(jsonProtocol ? (target.split('.')[1] ?? '') : '', raw)
    const region = regionOf(req, env.defaultRegion)
    if (jsonProtocol) {
      const [prefix = '', operation = ''] = target.split('.')
      const service = JSON_SERVICES[prefix]
      const handler = service?.handlers[operation]
      if (!service || !handler) {
        throw new AwsError('UnknownOperationException', `Unknown operation ${target}.`)
      }
      let input: Json
      try {
        input = raw.trim() === '' ? {} : (JSON.parse(raw) as Json)
      } catch {
        throw new AwsError('SerializationException', 'The request body is not valid JSON.')
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new AwsError('SerializationException', 'The request body must be a JSON object.')
      }
      env.counts.set(
        `${service.label}.${operation}`,
        (env.counts.get(`${service.label}.${operation}`) ?? 0) + 1,
      )
      const modelled = MODEL_BY_TARGET_PREFIX[prefix]
      if (modelled) refuseInvalidInput(modelFor(modelled), operation, input)
      const ctx = context(env, region)
      evolve(ctx)
      const output = run(env, ctx, isRead(operation), (c) => handler(input, c))
      if (!isRead(operation)) env.state.changed()
      send(res, 200, output, contentType)
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = routeFis(req.method ?? 'GET', url.pathname)
    if (!route) {
      throw new AwsError(
        'UnknownOperationException',
        `No FIS operation for ${req.method ?? ''} ${url.pathname}.`,
        404,
      )
    }
    let body: Json = {}
    try {
      body = raw.trim() === '' ? {} : (JSON.parse(raw) as Json)
    } catch {
      throw new AwsError('ValidationException', 'The request body is not valid JSON.')
    }
    env.counts.set(
      `FIS.${route.handler.name || 'request'}`,
      (env.counts.get(`FIS.${route.handler.name || 'request'}`) ?? 0) + 1,
    )
    checkFisInput(req.method ?? 'GET', url, body)
    const ctx = context(env, region)
    evolve(ctx)
    const params = {
      ...(route.id ? { id: route.id } : {}),
      ...(route.resourceArn ? { resourceArn: route.resourceArn } : {}),
      query: url.searchParams,
      body,
    }
    const output = run(env, ctx, !route.mutating, (c) => route.handler(params, c))
    if (route.mutating) env.state.changed()
    send(res, 200, output, contentType)
  } catch (err) {
    if (err instanceof AwsError) return fail(err)
    fail(
      new AwsError(
        jsonProtocol ? 'ServerException' : 'InternalServerException',
        err instanceof Error ? err.message : String(err),
        500,
      ),
    )
  }
}

export function createLocalCloudServer(env: ServerEnv): Server {
  return createServer((req, res) => {
    handle(env, req, res).catch((err: unknown) => {
      res.writeHead(500)
      res.end(String(err))
    })
  })
}

/** The modelled operation a request addresses, known before its body is read. */
function modelOperationOf(req: IncomingMessage): { model: ServiceModel; operation: string } | undefined {
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') {
    const [prefix = '', operation = ''] = target.split('.')
    const modelled = MODEL_BY_TARGET_PREFIX[prefix]
    return modelled ? { model: modelFor(modelled), operation } : undefined
  }
  const model = modelFor('fis')
  const found = restOperation(
    model,
    req.method ?? 'GET',
    new URL(req.url ?? '/', 'http://localhost').pathname,
  )
  return found ? { model, operation: found.operation } : undefined
}

/**
 * A server-side failure is answered with a code the operation may return: one its model does not declare
 * (an injected ServerException on a service that has none, say) becomes the common InternalFailure.
 */
function answeredCode(model: ServiceModel, operation: string, err: AwsError): string {
  return err.status >= 500 && !isDeclaredError(model, operation, err.code) ? 'InternalFailure' : err.code
}

/** FIS requests are checked against the model operation their method and path address. */
function checkFisInput(method: string, url: URL, body: Json): void {
  const model = modelFor('fis')
  const addressed = restOperation(model, method, url.pathname)
  if (!addressed) return
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}
  refuseInvalidInput(
    model,
    addressed.operation,
    restInput(model, addressed.operation, addressed.uriParams, url.searchParams, fields),
  )
}
