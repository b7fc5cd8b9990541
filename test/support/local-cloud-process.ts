/**
 * Runs the built `ecs-reconciler local-cloud` as its own process, as the tests that need several
 * processes (daemons, the CLI) to share one cloud do: AWS_ENDPOINT_URL points them all at it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { CLI } from './cli.js'
import { until } from './poll.js'

export interface LocalCloudProcess {
  readonly child: ChildProcess
  readonly endpoint: string
  /** The environment a CLI or daemon child needs to call it (region and test credentials). */
  readonly env: Record<string, string>
  /** SIGTERM, resolved once it has exited (it writes its state on the way out). */
  stop(): Promise<void>
}

/** Starts it on a free loopback port with its state in `statePath`; `extra` adds options (timings). */
export async function startLocalCloudProcess(
  statePath: string,
  extra: readonly string[] = [],
): Promise<LocalCloudProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'local-cloud', '--port', '0', '--state', statePath, '--task-start-seconds', '0.3', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  const endpoint = await until(
    'the local cloud endpoint',
    () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1],
  )
  return {
    child,
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      await exited
    },
  }
}
