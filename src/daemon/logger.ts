/** @module The daemon's logger: pino JSON lines, pretty on a TTY, credentials masked. */
import { destination, pino, type Logger } from 'pino'
import pretty from 'pino-pretty'
import { LOG_REDACT_PATHS } from './redact.js'

export type { Logger } from 'pino'

export function createLogger(options: { level?: string; pretty?: boolean } = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    base: { service: 'ecs-reconciler' },
    redact: { paths: LOG_REDACT_PATHS, censor: '(redacted)' },
  }
  // Synchronous writes: the lines of a pass that ends in a shutdown must not be lost at exit.
  if (options.pretty ?? process.stdout.isTTY) {
    return pino(
      config,
      pretty({
        colorize: true,
        sync: true,
        translateTime: 'SYS:HH:MM:ss',
        singleLine: true,
        ignore: 'pid,hostname,service',
      }),
    )
  }
  return pino(config, destination({ dest: 1, sync: true }))
}
