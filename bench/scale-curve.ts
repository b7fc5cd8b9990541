/**
 * @module Benchmark: the scale curve — validate, plan, apply, a no-change daemon resync and the
 * daemon's idle memory at N services, each beside its floor measured in the same run:
 * - validate: a process that only reads the files and parses them (read-parse-floor.ts);
 * - apply: its calls replayed into a fresh local cloud by a process that does nothing else, plus
 *   one task start per wave (apply-replay.ts);
 * - cold plan: the read-and-parse floor plus the plan's calls replayed;
 * - resync CPU: the CPU of replaying a pass's calls (a resync reads what a cold plan reads) less
 *   Node's own start;
 * - idle memory: the peak RSS of the read-and-parse process, which holds every parsed document.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalCloud, type LocalCloud } from '../src/localcloud/index.js'
import type { ManifestSet } from '../src/manifest/model.js'
import { validateFiles } from '../src/manifest/validate.js'
import { manifestWaves } from '../src/manifest/waves.js'
import {
  APPLY_ARGS,
  awsEnv,
  countByOperation,
  recordedRun,
  replayedApply,
  replayInto,
  TIMING,
  writeManifests,
} from './apply-replay.js'
import { parseStats, runMeasured } from './cli-scale.js'
import { cpuSeconds, sleep, startDaemon } from './daemon-latency.js'
import { generateManifests } from './generate.js'
import { readPassMinimum } from './pass-minimum.js'

const FLOOR = join(import.meta.dirname, 'read-parse-floor.js')

export interface Measured {
  readonly wallMs: number
  readonly cpuMs: number
}

export interface ScaleRow {
  readonly services: number
  readonly load: { readonly before: number[]; readonly after: number[] }
  readonly validate: Measured & { maxRssMiB: number }
  readonly validateFloor: Measured & { maxRssMiB: number; parser: string }
  readonly apply: Measured & { calls: number }
  readonly applyFloor: { wallMs: number; replayMs: number; idealWaitMs: number; replayErrors: number }
  readonly plan: Measured & {
    maxRssMiB: number
    calls: number
    callsByOperation: Record<string, number>
    /** The pass's AWS calls (`--stats`) against the fewest a read pass allows: 1.00 is the minimum. */
    callsToMinimum: number
  }
  readonly planFloor: { wallMs: number; replayMs: number }
  /** The median of the last warm resyncs (see daemonFigures). */
  readonly resync: { cpuMs: number; wallMs: number }
  /** The first resync after the first pass, in a process whose code V8 has not optimised yet. */
  readonly resyncFirst: { cpuMs: number; wallMs: number }
  readonly resyncFloor: { cpuMs: number }
  readonly idle: { rssMiB: number; cpuPercent: number }
  readonly idleFloor: { rssMiB: number }
}

const load = (): number[] => loadavg().map((l) => Math.round(l * 10) / 10)

async function validateRows(manifests: string, env: NodeJS.ProcessEnv) {
  const validate = await runMeasured(['validate', manifests], env)
  if (validate.code !== 0) throw new Error(`validate failed: ${validate.stderr.slice(0, 500)}`)
  const floor = await runMeasured([manifests], env, 600_000, FLOOR)
  if (floor.code !== 0) throw new Error(`read-parse floor failed: ${floor.stderr.slice(0, 500)}`)
  const { parser } = JSON.parse(floor.stdout) as { parser: string }
  return {
    validate: { wallMs: validate.wallMs, cpuMs: validate.cpuMs, maxRssMiB: validate.maxRssMiB },
    validateFloor: { wallMs: floor.wallMs, cpuMs: floor.cpuMs, maxRssMiB: floor.maxRssMiB, parser },
  }
}

/** Node's own start (an empty script), subtracted from the replay's CPU for the resync floor. */
async function nodeStartCpuMs(): Promise<number> {
  const run = await runMeasured([], process.env, 60_000, join(import.meta.dirname, 'generate.js'))
  return run.cpuMs
}

function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0'
  return Math.round(Number(kib) / 1024)
}

/** Resyncs measured after the first pass: the first shows a cold process, the last ones a warm one. */
const RESYNCS = 20
/** The warm figure: the median of the last this many resyncs (V8 has compiled the hot code by then). */
const WARM = 5

/**
 * The CPU of each pass, read from /proc at the daemon's own "pass started" and "pass finished" log
 * lines: the benchmark asks nothing of the daemon while a pass runs (a /status poll would add the
 * cost of serialising every resource's entry to the pass it measures).
 */
function passCpuFromLogs() {
  const passes: { cpuMs: number; wallMs: number; outcome: string }[] = []
  let open: { cpu: number; at: number } | undefined
  let partial = ''
  const onOutput = (chunk: Buffer, pid: number): void => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      if (line.includes('"pass started"')) open = { cpu: cpuSeconds(pid), at: Date.now() }
      const finished = /"outcome":"(\w+)".*"pass finished"/.exec(line)
      if (finished && open) {
        const cpuMs = Math.round((cpuSeconds(pid) - open.cpu) * 1000)
        passes.push({ cpuMs, wallMs: Date.now() - open.at, outcome: finished[1] ?? '' })
        open = undefined
      }
    }
  }
  return { passes, onOutput }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * Starts the daemon on a converged cloud; measures RESYNCS quiet resyncs (the first, and the median
 * of the last WARM: a daemon runs for days, so its warm cost is the one that matters), then the idle
 * gap after the last.
 */
async function daemonFigures(cloud: LocalCloud, manifests: string) {
  let child: ChildProcess | undefined
  try {
    const { passes, onOutput } = passCpuFromLogs()
    const daemon = await startDaemon(
      [manifests, '--interval', '2s', '--poll-interval', '250ms'],
      { ...awsEnv(cloud.endpoint), NO_COLOR: '1' },
      onOutput,
    )
    child = daemon.child
    const { pid } = daemon
    // The first pass after the apply, then RESYNCS no-change ones.
    for (let i = 0; i < 36_000 && passes.length < RESYNCS + 1; i++) await sleep(50)
    const resyncs = passes.slice(1, RESYNCS + 1)
    if (resyncs.length < RESYNCS) throw new Error(`only ${resyncs.length} resyncs in time`)
    const failed = resyncs.find((r) => r.outcome !== 'success')
    if (failed) throw new Error(`resync failed: ${failed.outcome}`)
    // The idle gap: right after the last pass, within the 2 s interval.
    await sleep(300)
    const idleBefore = cpuSeconds(pid)
    await sleep(1000)
    const cpuPercent = Math.round((cpuSeconds(pid) - idleBefore) * 1000) / 10
    const warm = resyncs.slice(-WARM)
    return {
      resync: { cpuMs: median(warm.map((r) => r.cpuMs)), wallMs: median(warm.map((r) => r.wallMs)) },
      resyncFirst: resyncs[0] ?? { cpuMs: 0, wallMs: 0 },
      idle: { rssMiB: rssMiB(pid), cpuPercent },
    }
  } finally {
    child?.kill('SIGTERM')
    await sleep(300)
    child?.kill('SIGKILL')
  }
}

function callsToMinimum(stats: string, set: ManifestSet): number {
  const made = Object.values(parseStats(stats)).reduce((a, b) => a + b, 0)
  const minimum = readPassMinimum({
    services: set.byKind.Service.length,
    namespaces: set.byKind.Namespace.length,
    scaled: set.byKind.Service.filter((s) => s.spec.autoscaling).length,
  })
  return Math.round((made / Object.values(minimum).reduce((a, b) => a + b, 0)) * 100) / 100
}

export async function benchScaleRow(services: number): Promise<ScaleRow> {
  const before = load()
  const files = generateManifests(services)
  const validated = validateFiles(files)
  if (!validated.ok) throw new Error('generated manifests are invalid')
  const waves = manifestWaves(validated.graph)
  if (!waves.ok) throw new Error('generated manifests have a cycle')
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-scale-curve-'))
  const cloud = await startLocalCloud({ statePath: join(dir, 'applied.json'), timing: TIMING })
  try {
    const manifests = writeManifests(dir, files)
    const { validate, validateFloor } = await validateRows(manifests, process.env)
    const applied = await recordedRun(cloud.endpoint, ['apply', manifests, ...APPLY_ARGS])
    const applyReplay = await replayedApply(dir, applied.calls)
    const idealWaitMs = waves.waves.length * TIMING.taskStartSeconds * 1000
    const planned = await recordedRun(cloud.endpoint, ['plan', manifests, '--detailed-exitcode', '--stats'])
    const planReplay = await replayInto(dir, planned.calls, cloud.endpoint)
    const nodeStart = await nodeStartCpuMs()
    const daemon = await daemonFigures(cloud, manifests)
    return {
      services,
      load: { before, after: load() },
      validate,
      validateFloor,
      apply: { wallMs: applied.run.wallMs, cpuMs: applied.run.cpuMs, calls: applied.calls.length },
      applyFloor: {
        wallMs: applyReplay.wallMs + idealWaitMs,
        replayMs: applyReplay.wallMs,
        idealWaitMs,
        replayErrors: Object.values(applyReplay.errors).reduce((a, b) => a + b, 0),
      },
      plan: {
        wallMs: planned.run.wallMs,
        cpuMs: planned.run.cpuMs,
        maxRssMiB: planned.run.maxRssMiB,
        calls: planned.calls.length,
        callsByOperation: countByOperation(planned.calls),
        callsToMinimum: callsToMinimum(planned.run.stderr, validated.set),
      },
      planFloor: { wallMs: validateFloor.wallMs + planReplay.wallMs, replayMs: planReplay.wallMs },
      resync: daemon.resync,
      resyncFirst: daemon.resyncFirst,
      resyncFloor: { cpuMs: Math.max(0, planReplay.cpuMs - nodeStart) },
      idle: daemon.idle,
      idleFloor: { rssMiB: validateFloor.maxRssMiB },
    }
  } finally {
    await cloud.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
