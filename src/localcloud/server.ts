/**
 * @module The HTTP server: awsJson dispatch by X-Amz-Target, awsQuery/ec2Query dispatch by the
 * form's Version and Action, restJson1 routes for FIS, S3's REST-XML by its credential scope, faults,
 * marking changes for persistence.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { LocalClock } from './clock.js'
import type { ConsistencyLag } from './consistency.js'
import type { Handler, HandlerContext, Timing } from './context.js'
import { ACCOUNT_ID } from './context.js'
import { evolveEcs } from './ecs/lifecycle.js'
import { evolveOneOffTasks } from './ecs/one-off-tasks.js'
import { AwsError } from './errors.js'
import { HtmlServiceUnavailable, type Faults } from './faults.js'
import { evolveScheduledActions } from './autoscaling/index.js'
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
import { parseForm } from './protocols/query-params.js'
import {
  isReadOperation,
  MAX_OBJECT_BYTES,
  s3ErrorAnswer,
  s3Handlers,
  s3Operation,
  splitPath,
  type S3Answer,
  type S3Request,
} from './s3/index.js'
import { JSON_SERVICES, QUERY_SERVICES, type JsonService, type QueryService } from './services.js'
import { xmlChildren, escapeXml, type XmlValue } from './protocols/xml.js'
import type { Json, World } from './state.js'
import { taggedResourcesChanged } from './tagging/resources.js'

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
  /** Write responses dropped by the faults, by `Service.Operation`. */
  readonly dropped: Map<string, number>
  /** Reads may see the state from before recent writes (eventual consistency). */
  readonly consistency: ConsistencyLag
}

const isRead = (operation: string): boolean => /^(Describe|List|Get)/.test(operation)

/** The region the client signed for, from the SigV4 credential scope (header, or a presigned URL's query). */
function regionOf(req: IncomingMessage, fallback: string): string {
  const auth = req.headers['authorization'] ?? ''
  const presigned = new URL(req.url ?? '/', 'http://localhost').searchParams.get('X-Amz-Credential') ?? ''
  const scope = /^[^/]+\/\d{8}\/([a-z0-9-]+)\//
  return /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth)?.[1] ?? scope.exec(presigned)?.[1] ?? fallback
}

function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new AwsError('SerializationException', 'Request body too large.'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
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
  evolveOneOffTasks(ctx.world, ctx.now)
  evolveScheduledActions(ctx)
  evolveExperiments(ctx)
}

/** Counts the call, evolves the world and runs the handler: a read against the lagged view, a write against the world. */
function invoke(
  env: ServerEnv,
  region: string,
  label: string,
  read: boolean,
  handler: (ctx: HandlerContext) => unknown,
): unknown {
  env.counts.set(label, (env.counts.get(label) ?? 0) + 1)
  const ctx = context(env, region)
  evolve(ctx)
  if (read) return handler({ ...ctx, world: env.consistency.readView(ctx.world, ctx.now) })
  const before = env.consistency.beforeWrite(ctx.world)
  try {
    const output = handler(ctx)
    env.state.changed()
    return output
  } finally {
    // A write may add, remove or replace any resource (even one that then fails): re-sort on the next listing.
    taggedResourcesChanged(ctx.world)
    env.consistency.afterWrite(ctx.world, before, ctx.now)
  }
}

function send(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': headers['x-amzn-requestid'] ?? crypto.randomUUID(),
    ...headers,
  })
  res.end(text)
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) })
  res.end(html)
}

/** An injected HTML 503 page (as a load balancer in front of a service answers) is sent as is. */
function sentAsHtml(res: ServerResponse, err: unknown): boolean {
  if (!(err instanceof HtmlServiceUnavailable)) return false
  sendHtml(res, err.status, HtmlServiceUnavailable.BODY)
  return true
}

/** Answers a request, or for a write drops the answer (the write stays done) when the faults say so. */
function answer(
  env: ServerEnv,
  res: ServerResponse,
  read: boolean,
  label: string,
  respond: () => void,
): void {
  if (!read && env.faults.dropWriteResponse()) {
    env.dropped.set(label, (env.dropped.get(label) ?? 0) + 1)
    res.socket?.destroy()
    return
  }
  respond()
}

function parseJsonObject(raw: string, code: string): Json {
  let input: unknown
  try {
    input = raw.trim() === '' ? {} : JSON.parse(raw)
  } catch {
    throw new AwsError(code, 'The request body is not valid JSON.')
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AwsError(code, 'The request body must be a JSON object.')
  }
  return input as Json
}

/** awsJson1_0 / awsJson1_1: the operation is named by `X-Amz-Target: Prefix.Operation`. */
function serveJson(env: ServerEnv, req: IncomingMessage, res: ServerResponse, raw: string, target: string) {
  const [prefix = '', operation = ''] = target.split('.')
  const service: JsonService | undefined = JSON_SERVICES[prefix]
  const contentType = `application/x-amz-json-${service?.jsonVersion ?? '1.1'}`
  try {
    env.faults.beforeRequest(operation, raw)
    const handler = service?.handlers[operation]
    if (!service || !handler) throw new AwsError('UnknownOperationException', `Unknown operation ${target}.`)
    const input = parseJsonObject(raw, 'SerializationException')
    const region = regionOf(req, env.defaultRegion)
    const modelled = MODEL_BY_TARGET_PREFIX[prefix]
    const label = `${service.label}.${operation}`
    const output = invoke(env, region, label, isRead(operation), (c) => {
      if (modelled) refuseInvalidInput(modelFor(modelled), operation, input)
      return handler(input, c)
    })
    answer(env, res, isRead(operation), label, () =>
      send(res, 200, JSON.stringify(output ?? {}), contentType),
    )
  } catch (err) {
    if (sentAsHtml(res, err)) return
    const e = answered(req, asAwsError(err, 'ServerException'))
    // awsQuery-compatible services (CloudWatch) also name the Query error code and fault in a header.
    const queryError: Record<string, string> = service?.queryCompatible
      ? { 'x-amzn-query-error': `${e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}` }
      : {}
    send(res, e.status, JSON.stringify({ __type: e.code, message: e.message }), contentType, {
      'x-amzn-errortype': e.code,
      ...queryError,
    })
  }
}

/** The successful response of an awsQuery or ec2Query action. */
function queryResponse(service: QueryService, action: string, output: XmlValue, requestId: string): string {
  const body = typeof output === 'object' && output !== null && !Array.isArray(output) ? output : {}
  const children = xmlChildren(body as { readonly [key: string]: XmlValue }, service.itemTag)
  const open = `<${action}Response xmlns="${service.xmlns}">`
  if (service.style === 'ec2') {
    return `${open}<requestId>${requestId}</requestId>${children}</${action}Response>`
  }
  return `${open}<${action}Result>${children}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
}

/** The error body of each Query protocol (awsQuery ErrorResponse, ec2Query Response/Errors). */
function queryError(service: QueryService | undefined, e: AwsError, requestId: string): string {
  const error = `<Code>${escapeXml(e.code)}</Code><Message>${escapeXml(e.message)}</Message>`
  if (service?.style === 'ec2') {
    return `<Response><Errors><Error>${error}</Error></Errors><RequestID>${requestId}</RequestID></Response>`
  }
  const type = e.status >= 500 ? 'Receiver' : 'Sender'
  return `<ErrorResponse><Error><Type>${type}</Type>${error}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
}

/** awsQuery / ec2Query: a form body naming Action and Version; the Version picks the service. */
function serveQuery(env: ServerEnv, req: IncomingMessage, res: ServerResponse, raw: string) {
  const params = parseForm(raw)
  const action = params['Action'] ?? ''
  const service: QueryService | undefined = QUERY_SERVICES[params['Version'] ?? '']
  const requestId = crypto.randomUUID()
  const headers = { 'x-amzn-requestid': requestId }
  try {
    env.faults.beforeRequest(action, raw)
    const handler: Handler | undefined = service?.handlers[action]
    if (!service || !handler) {
      throw new AwsError(
        'InvalidAction',
        `The action ${action} with version ${params['Version'] ?? ''} is not valid for this web service.`,
      )
    }
    const region = regionOf(req, env.defaultRegion)
    const label = `${service.label}.${action}`
    const output = invoke(env, region, label, isRead(action), (c) => handler(params, c))
    answer(env, res, isRead(action), label, () =>
      send(res, 200, queryResponse(service, action, output as XmlValue, requestId), 'text/xml', headers),
    )
  } catch (err) {
    if (sentAsHtml(res, err)) return
    const e = asAwsError(err, 'InternalFailure')
    send(res, e.status, queryError(service, e, requestId), 'text/xml', headers)
  }
}

/** restJson1 (FIS): routes by method and path. */
function serveRest(env: ServerEnv, req: IncomingMessage, res: ServerResponse, raw: string) {
  const contentType = 'application/json'
  try {
    env.faults.beforeRequest('', raw)
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = routeFis(req.method ?? 'GET', url.pathname)
    if (!route) {
      throw new AwsError(
        'UnknownOperationException',
        `No FIS operation for ${req.method ?? ''} ${url.pathname}.`,
        404,
      )
    }
    const body = parseJsonObject(raw, 'ValidationException')
    const params = {
      ...(route.id ? { id: route.id } : {}),
      ...(route.resourceArn ? { resourceArn: route.resourceArn } : {}),
      query: url.searchParams,
      body,
    }
    const region = regionOf(req, env.defaultRegion)
    const label = `FIS.${route.handler.name || 'request'}`
    const output = invoke(env, region, label, !route.mutating, (c) => {
      checkFisInput(req.method ?? 'GET', url, body)
      return route.handler(params, c)
    })
    answer(env, res, !route.mutating, label, () => send(res, 200, JSON.stringify(output ?? {}), contentType))
  } catch (err) {
    if (sentAsHtml(res, err)) return
    const e = answered(req, asAwsError(err, 'InternalServerException'))
    send(res, e.status, JSON.stringify({ message: e.message }), contentType, { 'x-amzn-errortype': e.code })
  }
}

function asAwsError(err: unknown, serverCode: string): AwsError {
  if (err instanceof AwsError) return err
  return new AwsError(serverCode, err instanceof Error ? err.message : String(err), 500)
}

const isForm = (req: IncomingMessage): boolean =>
  (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')

async function handle(env: ServerEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (isS3(req)) return serveS3(env, req, res)
  let raw: string
  try {
    raw = (await readBody(req)).toString('utf8')
  } catch (err) {
    const e = asAwsError(err, 'InternalFailure')
    return send(res, e.status, JSON.stringify({ __type: e.code, message: e.message }), 'application/json')
  }
  if (env.faults.config.latencyMs) await new Promise((r) => setTimeout(r, env.faults.config.latencyMs))
  const target = req.headers['x-amz-target']
  if (typeof target === 'string') return serveJson(env, req, res, raw, target)
  if (req.method === 'POST' && isForm(req)) return serveQuery(env, req, res, raw)
  return serveRest(env, req, res, raw)
}

/**
 * S3 is told apart by the service its SigV4 credential scope names (`…/<region>/s3/aws4_request`, in
 * the Authorization header or a presigned URL's X-Amz-Credential): its paths and bodies look like
 * anything (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html).
 */
function isS3(req: IncomingMessage): boolean {
  if (/Credential=[^,\s]*\/s3\/aws4_request/.test(req.headers['authorization'] ?? '')) return true
  const presigned = new URL(req.url ?? '/', 'http://localhost').searchParams.get('X-Amz-Credential')
  return presigned?.endsWith('/s3/aws4_request') ?? false
}

function sendS3(res: ServerResponse, answer: S3Answer, requestId: string): void {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body
  res.writeHead(answer.status, {
    'content-length': body.length,
    'x-amz-request-id': requestId,
    'x-amz-id-2': requestId,
    ...answer.headers,
  })
  res.end(body)
}

/** S3 (REST-XML, path-style): an object too large is refused before its body is read. */
async function serveS3(env: ServerEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = crypto.randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()
  const head = req.method === 'HEAD'
  try {
    const declared = Number(req.headers['x-amz-decoded-content-length'] ?? req.headers['content-length'] ?? 0)
    if (declared > MAX_OBJECT_BYTES) {
      req.resume()
      throw new AwsError('EntityTooLarge', `Objects are at most ${MAX_OBJECT_BYTES} bytes here.`)
    }
    // aws-chunked framing adds a little to the object's bytes.
    const body = await readBody(req, MAX_OBJECT_BYTES + 64 * 1024)
    if (env.faults.config.latencyMs) await new Promise((r) => setTimeout(r, env.faults.config.latencyMs))
    const url = new URL(req.url ?? '/', 'http://localhost')
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    )
    const request: S3Request = {
      method: req.method ?? 'GET',
      ...splitPath(url.pathname),
      query: url.searchParams,
      headers,
      body,
    }
    const operation = s3Operation(request)
    env.faults.beforeRequest(operation, '')
    const label = `S3.${operation}`
    const read = isReadOperation(operation)
    const output = invoke(env, regionOf(req, env.defaultRegion), label, read, (c) =>
      s3Handlers[operation](request, c),
    )
    answer(env, res, read, label, () => sendS3(res, output as S3Answer, requestId))
  } catch (err) {
    if (sentAsHtml(res, err)) return
    sendS3(res, s3ErrorAnswer(asAwsError(err, 'InternalError'), requestId, head), requestId)
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
function answered(req: IncomingMessage, err: AwsError): AwsError {
  const addressed = modelOperationOf(req)
  if (!addressed || err.status < 500 || isDeclaredError(addressed.model, addressed.operation, err.code)) {
    return err
  }
  return new AwsError('InternalFailure', err.message, err.status)
}

/** FIS requests are checked against the model operation their method and path address. */
function checkFisInput(method: string, url: URL, body: Json): void {
  const model = modelFor('fis')
  const addressed = restOperation(model, method, url.pathname)
  if (!addressed) return
  refuseInvalidInput(
    model,
    addressed.operation,
    restInput(model, addressed.operation, addressed.uriParams, url.searchParams, body),
  )
}
