/**
 * @module Benchmark: `apply` of N new services as a process against its floor. The apply's calls
 * are recorded on the way to the local cloud, then replayed straight into a fresh local cloud by
 * a process that does nothing else (replay-calls.ts), keeping the apply's order and concurrency.
 * Floor = the replay's wall time + the waits no caller can avoid (one task start per wave).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startLocalCloud } from '../src/localcloud/index.js'
import { validateFiles } from '../src/manifest/validate.js'
import { manifestWaves } from '../src/manifest/waves.js'
import { startCallRecorder, type RecordedCall } from './call-recorder.js'
import { runMeasured } from './cli-scale.js'
import { generateManifests, type GeneratedFile } from './generate.js'
import { recordedConcurrency, type ReplayResult } from './replay-calls.js'

const TASK_START_SECONDS = 0.5
export const TIMING = { taskStartSeconds: TASK_START_SECONDS, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 }
const REPLAY = join(import.meta.dirname, 'replay-calls.js')

export interface ApplyReplayRow {
  readonly services: number
  readonly waves: number
  /** os.loadavg() (1, 5, 15 min) when the row started and when it ended: the 2 cores are shared. */
  readonly load: { readonly before: number[]; readonly after: number[] }
  readonly apply: { wallMs: number; cpuMs: number; maxRssMiB: number; calls: number; maxInFlight: number }
  readonly replay: ReplayResult & { cpuMs: number }
  /** One task start per wave: what even a caller without cost waits. */
  readonly idealWaitMs: number
  readonly floorMs: number
  readonly applyToFloor: number
  readonly callsByOperation: Record<string, number>
}

const load = (): number[] => loadavg().map((l) => Math.round(l * 10) / 10)

export function writeManifests(dir: string, files: readonly GeneratedFile[]): string {
  const root = join(dir, 'manifests')
  for (const f of files) {
    mkdirSync(dirname(join(root, f.file)), { recursive: true })
    writeFileSync(join(root, f.file), f.text)
  }
  return root
}

export function awsEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  }
}

function operationOf(call: RecordedCall): string {
  const target = call.headers['x-amz-target']
  return target ? (target.split('.')[1] ?? target) : `${call.method} ${call.path.split('/')[1] ?? ''}`
}

export function countByOperation(calls: readonly RecordedCall[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const c of calls) counts[operationOf(c)] = (counts[operationOf(c)] ?? 0) + 1
  return counts
}

/** Runs the CLI against the local cloud through the recorder; returns the run and the calls it made. */
export async function recordedRun(endpoint: string, args: readonly string[]) {
  const recorder = await startCallRecorder(endpoint)
  try {
    const run = await runMeasured(args, awsEnv(recorder.endpoint))
    if (run.code !== 0) throw new Error(`${args[0] ?? ''} failed (${run.code}): ${run.stderr.slice(0, 500)}`)
    return { run, calls: recorder.calls() }
  } finally {
    await recorder.close()
  }
}

export const APPLY_ARGS = ['--poll-interval', '250ms', '--concurrency', '16', '--output', 'json']

/** Replays the calls from their own process into the local cloud at `endpoint`. */
export async function replayInto(
  dir: string,
  calls: readonly RecordedCall[],
  endpoint: string,
): Promise<ReplayResult & { cpuMs: number }> {
  const file = join(dir, 'calls.json')
  writeFileSync(file, JSON.stringify(calls))
  const run = await runMeasured([file, endpoint], process.env, 1_800_000, REPLAY)
  if (run.code !== 0) throw new Error(`replay failed (${run.code}): ${run.stderr.slice(0, 500)}`)
  return { ...(JSON.parse(run.stdout) as ReplayResult), cpuMs: run.cpuMs }
}

/** Replays an apply's calls into a fresh local cloud. */
export async function replayedApply(
  dir: string,
  calls: readonly RecordedCall[],
): Promise<ReplayResult & { cpuMs: number }> {
  // Namespaces are ready at once: the apply polled GetOperation until they were, and the replay,
  // sending those polls without the wait, must not reach CreateService before its namespace exists.
  const timing = { ...TIMING, namespaceCreateSeconds: 0 }
  const cloud = await startLocalCloud({ statePath: join(dir, 'replayed.json'), timing })
  try {
    return await replayInto(dir, calls, cloud.endpoint)
  } finally {
    await cloud.close()
  }
}

export async function benchApplyReplay(services: number): Promise<ApplyReplayRow> {
  const before = load()
  const files = generateManifests(services)
  const validated = validateFiles(files)
  if (!validated.ok) throw new Error(`generated manifests are invalid: ${validated.issues[0]?.message ?? ''}`)
  const waves = manifestWaves(validated.graph)
  if (!waves.ok) throw new Error('generated manifests have a cycle')
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-apply-replay-'))
  try {
    const cloud = await startLocalCloud({ statePath: join(dir, 'applied.json'), timing: TIMING })
    const { run, calls } = await recordedRun(cloud.endpoint, [
      'apply',
      writeManifests(dir, files),
      ...APPLY_ARGS,
    ]).finally(() => cloud.close())
    const replay = await replayedApply(dir, calls)
    const idealWaitMs = waves.waves.length * TASK_START_SECONDS * 1000
    const floorMs = replay.wallMs + idealWaitMs
    return {
      services,
      waves: waves.waves.length,
      load: { before, after: load() },
      apply: {
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        maxRssMiB: run.maxRssMiB,
        calls: calls.length,
        maxInFlight: recordedConcurrency(calls),
      },
      replay,
      idealWaitMs,
      floorMs,
      applyToFloor: Math.round((run.wallMs / floorMs) * 100) / 100,
      callsByOperation: countByOperation(calls),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
