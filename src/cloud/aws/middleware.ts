/** @module Middleware on every SDK client: the read-only guard, errors translated to CloudError, and counting of every attempt on the wire. */
import type { CallCounter, CallListener } from './call-stats.js'
import { CloudError } from '../ports/index.js'
import { translateError } from './translate-error.js'
import type { Semaphore } from '../../shared/concurrency.js'

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

export function installMiddleware(stack: StackLike, service: string, options: MiddlewareOptions): void {
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
        const code = (err as { name?: string }).name ?? 'Error'
        options.counter.record(service, operation, code, attempt)
        options.onCall?.(service, operation, code, Date.now() - started, attempt)
        throw err
      }
    }
  }
}
