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
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalCloud, type LocalCloud } from '../src/localcloud/index.js'
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
import { cpuSeconds, nextPass, sleep, statusOf } from './daemon-latency.js'
import { generateManifests } from './generate.js'
import { readPassMinimum } from './pass-minimum.js'

const FLOOR = join(import.meta.dirname, 'read-parse-floor.js')
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')

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
  readonly resync: { cpuMs: number; wallMs: number }
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

/** Starts the daemon on a converged cloud; measures one quiet resync, then the idle gap after it. */
async function daemonFigures(cloud: LocalCloud, manifests: string) {
  let child: ChildProcess | undefined
  try {
    const args = ['run', manifests, '--listen', '127.0.0.1:0', '--interval', '6s', '--poll-interval', '250ms']
    child = spawn(process.execPath, [CLI, ...args], {
      env: { ...awsEnv(cloud.endpoint), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    let url: string | undefined
    for (let i = 0; i < 600 && !url; i++) {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1]
      if (!url) await sleep(100)
    }
    const pid = child.pid
    if (!url || !pid) throw new Error(`the daemon did not start:\n${output.slice(-2000)}`)
    let pass = await nextPass(url, undefined, 600_000)
    while (pass.outcome !== 'success') pass = await nextPass(url, pass.id, 600_000)
    let before: number | undefined
    let started = 0
    for (let i = 0; i < 1200 && before === undefined; i++) {
      if ((await statusOf(url)).passInProgress) {
        before = cpuSeconds(pid)
        started = Date.now()
      } else await sleep(20)
    }
    if (before === undefined) throw new Error('no resync started')
    const resync = await nextPass(url, pass.id, 120_000)
    const resyncCpu = cpuSeconds(pid) - before
    const resyncWallMs = Date.now() - started
    if (resync.outcome !== 'success') throw new Error(`resync failed: ${resync.outcome}`)
    // The idle gap: 2 s after the pass, well before the next one (6 s interval).
    await sleep(500)
    const idleBefore = cpuSeconds(pid)
    await sleep(2000)
    const cpuPercent = Math.round(((cpuSeconds(pid) - idleBefore) / 2) * 1000) / 10
    return {
      resync: { cpuMs: Math.round(resyncCpu * 1000), wallMs: resyncWallMs },
      idle: { rssMiB: rssMiB(pid), cpuPercent },
    }
  } finally {
    child?.kill('SIGTERM')
    await sleep(300)
    child?.kill('SIGKILL')
  }
}

function callsToMinimum(
  stats: string,
  set: {
    byKind: {
      Service: readonly { spec: { autoscaling?: unknown } }[]
      Namespace: readonly unknown[]
    }
  },
): number {
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
      resyncFloor: { cpuMs: Math.max(0, planReplay.cpuMs - nodeStart) },
      idle: daemon.idle,
      idleFloor: { rssMiB: validateFloor.maxRssMiB },
    }
  } finally {
    await cloud.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
