/**
 * @module Middleware on every SDK client: the read-only guard, errors translated to CloudError once,
 * counting of every attempt on the wire, one shape for unparseable 5xx, and no blind retry of a
 * non-idempotent write whose outcome is unknown.
 */
import type { CallCounter, CallListener } from './call-stats.js'
import { AMBIGUOUS_WRITE, CloudError } from '../ports/index.js'
import { translateError } from './translate-error.js'
import type { Semaphore } from '../../shared/concurrency.js'
import { unparseable5xxMiddleware } from './unparseable-5xx.js'

/** Only these operations may run in read-only mode (plan, apply --dry-run, run --dry-run). */
export function isReadOperation(commandName: string): boolean {
  return /^(Describe|List|Get)/.test(commandName.replace(/Command$/, ''))
}

interface StackLike {
  add(middleware: unknown, options: Record<string, unknown>): void
  addRelativeTo(
    middleware: unknown,
    options: { relation: 'before' | 'after'; toMiddleware: string; name: string },
  ): void
}

/** What the middleware needs of a client, old generation or new. */
export interface SdkClientLike {
  readonly middlewareStack: StackLike
  readonly config: object
}

/**
 * Writes that are not idempotent: retrying one whose response was lost (a dropped connection, a
 * timeout, a 5xx after the write happened) would register a twin. The SDK must not retry these
 * blindly; the caller looks the result up first (see the task-definition register).
 */
const NOT_RETRIED_WHEN_AMBIGUOUS = new Set(['RegisterTaskDefinition'])

/** Errors after which the write may or may not have happened. ECONNREFUSED: the request never left. */
function isAmbiguous(err: unknown): boolean {
  const e = (err ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } }
  const status = e.$metadata?.httpStatusCode ?? 0
  if (status >= 500) return true
  if (e.code && e.code !== 'ECONNREFUSED' && /^E[A-Z]+$/.test(e.code)) return true
  return /Timeout|socket hang up/i.test(`${e.name ?? ''} ${(err as Error | undefined)?.message ?? ''}`)
}

/**
 * Not retryable to the SDK: no status, no network code, not a timeout name, and no `cause` (the
 * SDK's transient check follows `cause`), so the original is kept under another name.
 */
class AmbiguousWriteFailure extends Error {
  constructor(
    operation: string,
    readonly original: unknown,
  ) {
    super(
      `${operation} may or may not have happened: ${(original as Error | undefined)?.message ?? String(original)}`,
    )
    this.name = AMBIGUOUS_WRITE
  }
}

/**
 * The outcome label of a failed attempt: a network error's own code (ECONNRESET; the current SDK
 * names a dropped connection `TimeoutError`, the older one `Error`), else the AWS error code.
 */
function outcomeOf(err: unknown): string {
  const e = (err ?? {}) as { name?: string; code?: unknown }
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code
  return e.name ?? 'Error'
}

interface HandlerContext {
  commandName?: string
}

type Next = (args: unknown) => Promise<unknown>

const operationOf = (context: HandlerContext): string =>
  (context.commandName ?? 'Unknown').replace(/Command$/, '')

type MiddlewareOptions = {
  readOnly: boolean
  counter: CallCounter
  onCall: CallListener | undefined
  inFlight: Semaphore
}

export function installMiddleware(client: SdkClientLike, service: string, options: MiddlewareOptions): void {
  const stack = client.middlewareStack
  // The guard runs first (initialize step, high priority): a refused call never reaches the network
  // and is counted once.
  stack.add(guardAndTranslate(service, options), {
    step: 'initialize',
    priority: 'high',
    name: 'ecsReconcilerReadOnlyGuard',
  })
  // Inside the SDK's retry loop: this handler runs once per attempt, so throttled and failed
  // attempts the SDK retried are counted with their own code.
  stack.addRelativeTo(attemptCounter(service, options), {
    relation: 'after',
    toMiddleware: 'retryMiddleware',
    name: 'ecsReconcilerAttemptCounter',
  })
  // Low priority in the deserialize step: inside the SDK's deserializer, so it sees the raw response first.
  stack.add(unparseable5xxMiddleware(client.config), {
    step: 'deserialize',
    priority: 'low',
    name: 'ecsReconcilerUnparseable5xx',
  })
}

/** The read-only guard, the bound on calls in flight, and the translation of the call's final error. */
function guardAndTranslate(service: string, options: MiddlewareOptions) {
  return (next: Next, context: HandlerContext) => async (args: unknown) => {
    const operation = operationOf(context)
    if (options.readOnly && !isReadOperation(operation)) {
      options.counter.record(service, operation, 'ReadOnlyViolation', 1)
      options.onCall?.(service, operation, 'ReadOnlyViolation', 0, 1)
      throw new CloudError({
        awsCode: 'ReadOnlyViolation',
        message: `refused ${operation}: this run is read-only (plan or --dry-run)`,
        retryable: false,
        operation: `${service}.${operation}`,
      })
    }
    // Every fan-out of every client shares one bound on calls in flight, so a large pass queues its
    // reads instead of bursting hundreds at once (and timing out while they wait on the wire).
    await options.inFlight.acquire()
    try {
      return await next(args)
    } catch (err) {
      // Outside the retry loop: the error of the call, after the SDK's retries, becomes a
      // CloudError here once for every adapter.
      throw translateError(err, `${service}.${operation}`)
    } finally {
      options.inFlight.release()
    }
  }
}

/** Counts every attempt on the wire with its outcome code. */
function attemptCounter(service: string, options: MiddlewareOptions) {
  return (next: Next, context: HandlerContext) => {
    // One handler chain per logical call: the attempt number lives here.
    let attempt = 0
    return async (args: unknown) => {
      attempt += 1
      const operation = operationOf(context)
      const started = Date.now()
      try {
        const result = await next(args)
        options.counter.record(service, operation, 'ok', attempt)
        options.onCall?.(service, operation, 'ok', Date.now() - started, attempt)
        return result
      } catch (err) {
        const code = outcomeOf(err)
        options.counter.record(service, operation, code, attempt)
        options.onCall?.(service, operation, code, Date.now() - started, attempt)
        if (NOT_RETRIED_WHEN_AMBIGUOUS.has(operation) && isAmbiguous(err)) {
          throw new AmbiguousWriteFailure(operation, err)
        }
        throw err
      }
    }
  }
}
