/** @module `ecs-reconciler local-cloud`: serves the embedded AWS emulator on loopback until a signal. */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { FaultConfig } from '../../localcloud/index.js'
import { ReconcilerError } from '../../shared/errors.js'
import { parseCount, parseLag } from '../options.js'
import type { RegisterCommand } from './register.js'

interface LocalCloudFlags {
  port: number
  host: string
  state?: string
  region: string
  faults?: string
  taskStartSeconds?: string
  taskRunSeconds?: string
  consistencyLag?: number
}

function readFaults(path: string | undefined): FaultConfig | undefined {
  if (!path) return undefined
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FaultConfig
  } catch (err) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `cannot read faults file ${path}: ${err instanceof Error ? err.message : String(err)}`,
      {
        hint: 'give a JSON file such as {"throttleRate": 0.1, "failingImages": ["broken"]}',
      },
    )
  }
}

export const registerLocalCloud: RegisterCommand = (program) => {
  program
    .command('local-cloud')
    .description(
      'serve the embedded emulator of ECS, Cloud Map, Application Auto Scaling and FIS on loopback',
    )
    .option('--port <n>', 'port (0 = any free port)', parseCount('--port'), 4566)
    .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
    .option(
      '--state <file>',
      'state file, loaded at start, written at most every 250 ms while changes arrive and on exit',
    )
    .option('--region <region>', 'region for callers that do not sign one', 'us-east-1')
    .option(
      '--faults <file>',
      'JSON fault configuration (throttleRate, serverErrorRate, latencyMs, failingImages, taskExitCodes, failRequests, seed)',
    )
    .option('--task-start-seconds <n>', 'seconds a task takes to reach RUNNING')
    .option('--task-run-seconds <n>', 'seconds a one-off (RunTask) task runs before its containers exit')
    .option(
      '--consistency-lag <duration>',
      'reads may miss writes younger than this, as eventually consistent AWS APIs do (e.g. 300ms); default ECS_RECONCILER_CONSISTENCY_LAG, else 0',
      parseLag,
    )
    .action(async (flags: LocalCloudFlags) => {
      const faults = readFaults(flags.faults)
      const { startLocalCloud } = await import('../../localcloud/index.js')
      const cloud = await startLocalCloud({
        port: flags.port,
        host: flags.host,
        region: flags.region,
        ...(flags.consistencyLag !== undefined ? { consistencyLagMs: flags.consistencyLag } : {}),
        ...(flags.state ? { statePath: resolve(flags.state) } : {}),
        ...(faults ? { faults } : {}),
        timing: {
          ...(flags.taskStartSeconds ? { taskStartSeconds: Number(flags.taskStartSeconds) } : {}),
          ...(flags.taskRunSeconds ? { taskRunSeconds: Number(flags.taskRunSeconds) } : {}),
        },
      })
      process.stdout.write(`local cloud listening on ${cloud.endpoint}\n`)
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void cloud.close().then(done)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      process.stdout.write('local cloud stopped\n')
    })
}
