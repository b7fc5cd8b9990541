/** @module Middleware on every SDK client: the read-only guard and call counting. */
import type { CallCounter, CallListener } from './call-stats.js'
import { CloudError } from '../ports/index.js'

/** Only these operations may run in read-only mode (plan, apply --dry-run, run --dry-run). */
export function isReadOperation(commandName: string): boolean {
  return /^(Describe|List|Get)/.test(commandName.replace(/Command$/, ''))
}

interface StackLike {
  add(middleware: unknown, options: Record<string, unknown>): void
}

interface HandlerContext {
  commandName?: string
}

type Next = (args: unknown) => Promise<unknown>

export function installMiddleware(
  stack: StackLike,
  service: string,
  options: { readOnly: boolean; counter: CallCounter; onCall: CallListener | undefined },
): void {
  // The guard runs first (initialize step, high priority): a refused call never reaches the network.
  stack.add(
    (next: Next, context: HandlerContext) => async (args: unknown) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '')
      if (options.readOnly && !isReadOperation(operation)) {
        options.counter.record(service, operation, 'ReadOnlyViolation')
        throw new CloudError({
          awsCode: 'ReadOnlyViolation',
          message: `refused ${operation}: this run is read-only (plan or --dry-run)`,
          retryable: false,
          operation: `${service}.${operation}`,
        })
      }
      const started = Date.now()
      try {
        const result = await next(args)
        options.counter.record(service, operation, 'ok')
        options.onCall?.(service, operation, 'ok', Date.now() - started)
        return result
      } catch (err) {
        const code = (err as { name?: string }).name ?? 'Error'
        options.counter.record(service, operation, code)
        options.onCall?.(service, operation, code, Date.now() - started)
        throw err
      }
    },
    { step: 'initialize', priority: 'high', name: 'ecsReconcilerGuardAndCount' },
  )
}
