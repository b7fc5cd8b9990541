/** Runs the built `ecs-reconciler run` as a child process and talks to its HTTP endpoints. */
import { until } from './poll.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { CLI, verifyArgs } from './cli.js'

export interface DaemonProcess {
  readonly url: string
  readonly child: ChildProcess
  /** Everything printed so far (stdout and stderr). */
  output(): string
  /** Parsed JSON log lines so far. */
  logs(): LogLine[]
  get(path: string): Promise<{ status: number; text: string }>
  status(): Promise<DaemonStatus>
  /** Sends a signal and resolves with the exit code (a daemon still running 15 s later is killed and fails the test). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null }>
}

export interface LogLine {
  readonly level: number
  readonly msg: string
  readonly reconcileId?: string
  readonly [key: string]: unknown
}

export interface ResourceEntry {
  id: string
  status: string
  lastAction: string
  revision?: string
  error?: string
  at: string
}

export interface DaemonStatus {
  ready: boolean
  region: string
  lastPass: { id: string; outcome: string; finishedAt: string; triggers: string[] } | null
  manifests: {
    valid: boolean
    revision?: string
    reconciling: string
    issues: { file: string; line: number; rule: string }[]
  } | null
  resources: ResourceEntry[]
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export { until }

export async function startDaemon(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
  options: { verify?: boolean } = {},
): Promise<DaemonProcess> {
  const argv = verifyArgs(['run', '--listen', '127.0.0.1:0', ...args], options.verify)
  const child = spawn(process.execPath, [CLI, ...argv], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await until('the daemon to listen', () => {
    if (child.exitCode !== null) throw new Error(`daemon exited ${child.exitCode}:\n${out}`)
    return /listening on (?:every interface \([^)]*\): )?(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
  })
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`)
    return { status: res.status, text: await res.text() }
  }
  return {
    url,
    child,
    output: () => out,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine),
    get,
    status: async () => JSON.parse((await get('/status')).text) as DaemonStatus,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal)
      const code = await Promise.race([exited, sleep(15_000).then(() => 'hung' as const)])
      if (code === 'hung') {
        child.kill('SIGKILL')
        throw new Error(`daemon did not exit within 15 s of ${signal}:\n${out.slice(-3000)}`)
      }
      return { code }
    },
  }
}

/** Waits until a pass that started after `since` has finished, and returns the status then. */
export async function passAfter(
  daemon: DaemonProcess,
  since: number,
  what: string,
  timeoutMs = 20_000,
): Promise<DaemonStatus> {
  return until(
    what,
    async () => {
      const s = await daemon.status()
      return s.lastPass && Date.parse(s.lastPass.finishedAt) > since ? s : undefined
    },
    timeoutMs,
  )
}

/**
 * Checks Prometheus text exposition format line by line; returns the samples by series. NaN is
 * accepted in any case (Prometheus parses values with Go's ParseFloat; prom-client writes `Nan`).
 */
export function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  const sample =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|\+Inf|-Inf)$/
  for (const line of text.split('\n')) {
    if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue
    const m = sample.exec(line)
    if (!m) throw new Error(`not Prometheus text: ${line}`)
    samples.set(`${m[1] ?? ''}${m[2] ?? ''}`, Number(m[3]))
  }
  return samples
}
