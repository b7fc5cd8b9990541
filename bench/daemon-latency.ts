/**
 * @module Benchmark: the daemon as deployed — a `run` process over a folder of N services against a
 * local cloud through AWS_ENDPOINT_URL. Records the CPU seconds of one resync pass once converged
 * (from /proc, user + system), and the latency from saving an edited manifest to the first write
 * it causes on the wire (RegisterTaskDefinition), debounce included.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startLocalCloud } from '../src/localcloud/index.js'
import { generateManifests } from './generate.js'

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
const DEBOUNCE_MS = 300
const CLOCK_TICKS_PER_SECOND = 100

export interface DaemonLatencyRow {
  readonly services: number
  /** CPU of the daemon process across one resync pass that found nothing to change. */
  readonly resyncCpuSeconds: number
  readonly resyncWallMs: number
  /** From the edited file's write to the first RegisterTaskDefinition the local cloud receives. */
  readonly editToFirstCallMs: number
  readonly debounceMs: number
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks (proc(5)).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

interface StatusView {
  lastPass?: { id: string; finishedAt: string; outcome: string; triggers: string[] }
  passInProgress?: { id: string } | null
}

export async function statusOf(url: string): Promise<StatusView> {
  const res = await fetch(`${url}/status`)
  return (await res.json()) as StatusView
}

export async function nextPass(
  url: string,
  after: string | undefined,
  timeoutMs: number,
): Promise<{ id: string; outcome: string; triggers: string[] }> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const pass = (await statusOf(url).catch(() => ({ lastPass: undefined }))).lastPass
    if (pass && pass.id !== after) return pass
    await sleep(50)
  }
  throw new Error('the daemon finished no pass in time')
}

/** Starts `run <args> --listen 127.0.0.1:0` and waits until it says where it listens. */
export async function startDaemon(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  /** Sees every chunk of output from the start (the daemon's first pass may begin before it listens). */
  onOutput?: (chunk: Buffer, pid: number) => void,
): Promise<{ child: ChildProcess; url: string; pid: number }> {
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--listen', '127.0.0.1:0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const seen = (d: Buffer): void => {
    output += d.toString()
    if (onOutput && child.pid) onOutput(d, child.pid)
  }
  child.stdout?.on('data', seen)
  child.stderr?.on('data', seen)
  let url: string | undefined
  for (let i = 0; i < 600 && !url; i++) {
    url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
    if (!url) await sleep(100)
  }
  if (!url || !child.pid) {
    child.kill('SIGKILL')
    throw new Error(`the daemon did not start:\n${output.slice(-2000)}`)
  }
  return { child, url, pid: child.pid }
}

export async function benchDaemonLatency(services: number): Promise<DaemonLatencyRow> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-daemon-bench-'))
  const files = generateManifests(services)
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.file)), { recursive: true })
    writeFileSync(join(dir, f.file), f.text)
  }
  const server = await startLocalCloud({
    timing: { taskStartSeconds: 0.2, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 },
  })
  let child: ChildProcess | undefined
  try {
    const env = {
      ...process.env,
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      NO_COLOR: '1',
    }
    const daemon = await startDaemon(
      [dir, '--interval', '15s', '--debounce', `${DEBOUNCE_MS}ms`, '--poll-interval', '250ms'],
      env,
    )
    child = daemon.child
    const { url, pid } = daemon
    // The first pass creates everything; wait until a pass finds the system converged.
    let pass = await nextPass(url, undefined, 600_000)
    while (pass.outcome !== 'success') pass = await nextPass(url, pass.id, 600_000)
    const converged = await nextPass(url, pass.id, 60_000)
    // One quiet resync: CPU from the moment its pass shows as in progress to the moment it is done
    // (status is polled every 50 ms: the poll's own cost is included, and a few ms of the pass may not be).
    let before: number | undefined
    let started = 0
    for (let i = 0; i < 1200 && before === undefined; i++) {
      const status = await statusOf(url)
      if (status.passInProgress) {
        before = cpuSeconds(pid)
        started = Date.now()
      } else await sleep(50)
    }
    if (before === undefined) throw new Error('no resync started within 60 s')
    const resync = await nextPass(url, converged.id, 60_000)
    const resyncCpuSeconds = Math.round((cpuSeconds(pid) - before) * 100) / 100
    const resyncWallMs = Date.now() - started
    if (resync.outcome !== 'success') throw new Error(`resync failed: ${resync.outcome}`)

    const target = files.find((f) => f.file.endsWith('-svc1.yaml'))
    if (!target) throw new Error('no service file to edit')
    const registered = () => server.requestCount()['ECS.RegisterTaskDefinition'] ?? 0
    const baseline = registered()
    const edited = Date.now()
    writeFileSync(join(dir, target.file), target.text.replace(/image: (\S+)/, 'image: $1-edited'))
    while (registered() === baseline) {
      if (Date.now() - edited > 60_000) throw new Error('the edit caused no write within 60 s')
      await sleep(5)
    }
    return {
      services,
      resyncCpuSeconds,
      resyncWallMs,
      editToFirstCallMs: Date.now() - edited,
      debounceMs: DEBOUNCE_MS,
    }
  } finally {
    child?.kill('SIGTERM')
    await sleep(500)
    child?.kill('SIGKILL')
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
