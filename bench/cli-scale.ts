/**
 * @module Benchmark: the CLI as a user runs it, at N services — `validate`, `apply` from empty and a
 * cold `plan`, each a separate process against a local cloud (with a state file) reached through
 * AWS_ENDPOINT_URL. Records wall time, peak RSS (GNU time), API calls against the fewest the APIs
 * allow, and apply time against the ideal (one task start per wave).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startLocalCloud } from '../src/localcloud/index.js'
import { validateFiles } from '../src/manifest/validate.js'
import { manifestWaves } from '../src/manifest/waves.js'
import { generateManifests, type GenerateOptions } from './generate.js'
import { readPassMinimum } from './pass-minimum.js'

const TASK_START_SECONDS = 0.5
// The built CLI of the repository (npm run build), as a user runs it.
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')

export interface ProcessRun {
  readonly code: number | null
  readonly wallMs: number
  readonly maxRssMiB: number
  readonly cpuMs: number
  readonly stdout: string
  readonly stderr: string
}

export interface CliScaleRow {
  readonly services: number
  readonly perNamespace: number
  readonly waves: number
  readonly validate: { wallMs: number; maxRssMiB: number; cpuMs: number }
  readonly apply?: {
    wallMs: number
    idealMs: number
    ratioToIdeal: number
    attempts: number
    code: number | null
  }
  readonly coldPlan: {
    wallMs: number
    maxRssMiB: number
    cpuMs: number
    code: number | null
    calls: Record<string, number>
    total: number
  }
  /** The fewest calls a read pass can make (every read batched or paged at the API's maximum, no task-definition reads). */
  readonly warmMinimum: Record<string, number>
  readonly warmMinimumTotal: number
  readonly coldToWarmMinimum: number
}

/** Runs the built CLI (or another script) under GNU time for its peak RSS and CPU. */
export function runMeasured(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 1_800_000,
  script = CLI,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn('/usr/bin/time', ['-f', '@@time %M %U %S', process.execPath, script, ...args], {
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      const wallMs = Math.round(performance.now() - started)
      const [, rssKiB = '0', user = '0', sys = '0'] = /@@time (\d+) ([\d.]+) ([\d.]+)/.exec(stderr) ?? []
      resolve({
        code,
        wallMs,
        maxRssMiB: Math.round(Number(rssKiB) / 1024),
        cpuMs: Math.round((Number(user) + Number(sys)) * 1000),
        stdout,
        stderr: stderr.replace(/@@time.*\n?/, ''),
      })
    })
  })
}

/** `--stats` output: `  ECS.DescribeServices   ok=12 ThrottlingException=1` lines → attempts per operation. */
export function parseStats(stderr: string): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const line of stderr.split('\n')) {
    const match = /^\s+([A-Za-z]+\.[A-Za-z]+)\s+(.*?)(?:\s+\(retries=\d+\))?$/.exec(line)
    if (!match?.[1] || !match[2]) continue
    calls[match[1]] = match[2].split(/\s+/).reduce((sum, pair) => sum + Number(pair.split('=')[1] ?? 0), 0)
  }
  return calls
}

export async function benchCliScale(
  services: number,
  options: GenerateOptions & { apply: boolean },
): Promise<CliScaleRow> {
  const perNamespace = options.perNamespace ?? 50
  const files = generateManifests(services, { perNamespace })
  const validated = validateFiles(files)
  if (!validated.ok) throw new Error(`generated manifests are invalid: ${validated.issues[0]?.message ?? ''}`)
  const waves = manifestWaves(validated.graph)
  if (!waves.ok) throw new Error('generated manifests have a cycle')
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-cli-scale-'))
  const manifests = join(dir, 'manifests')
  for (const f of files) {
    mkdirSync(dirname(join(manifests, f.file)), { recursive: true })
    writeFileSync(join(manifests, f.file), f.text)
  }
  const server = await startLocalCloud({
    statePath: join(dir, 'state.json'),
    timing: { taskStartSeconds: TASK_START_SECONDS, drainSeconds: 0.1, namespaceCreateSeconds: 0.1 },
  })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  }
  try {
    const validate = await runMeasured(['validate', manifests], env)
    if (validate.code !== 0) throw new Error(`validate failed: ${validate.stderr.slice(0, 500)}`)
    let apply: CliScaleRow['apply']
    if (options.apply) {
      const run = await runMeasured(
        [
          'apply',
          manifests,
          '--stats',
          '--poll-interval',
          '250ms',
          '--concurrency',
          '16',
          '--output',
          'json',
        ],
        env,
      )
      if (run.code !== 0) throw new Error(`apply failed (${run.code}): ${run.stderr.slice(0, 500)}`)
      const idealMs = waves.waves.length * TASK_START_SECONDS * 1000
      const attempts = Object.values(parseStats(run.stderr)).reduce((a, b) => a + b, 0)
      apply = {
        wallMs: run.wallMs,
        idealMs,
        ratioToIdeal: Math.round((run.wallMs / idealMs) * 100) / 100,
        attempts,
        code: run.code,
      }
    }
    const plan = await runMeasured(['plan', manifests, '--stats', '--detailed-exitcode'], env)
    const calls = parseStats(plan.stderr)
    const namespaces = validated.set.byKind.Namespace.length
    const scaled = validated.set.byKind.Service.filter((s) => s.spec.autoscaling).length
    const warmMinimum = readPassMinimum({ services, namespaces, scaled })
    const warmMinimumTotal = Object.values(warmMinimum).reduce((a, b) => a + b, 0)
    const total = Object.values(calls).reduce((a, b) => a + b, 0)
    return {
      services,
      perNamespace,
      waves: waves.waves.length,
      validate: { wallMs: validate.wallMs, maxRssMiB: validate.maxRssMiB, cpuMs: validate.cpuMs },
      ...(apply ? { apply } : {}),
      coldPlan: {
        wallMs: plan.wallMs,
        maxRssMiB: plan.maxRssMiB,
        cpuMs: plan.cpuMs,
        code: plan.code,
        calls,
        total,
      },
      warmMinimum,
      warmMinimumTotal,
      coldToWarmMinimum: Math.round((total / warmMinimumTotal) * 100) / 100,
    }
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
