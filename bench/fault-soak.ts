/**
 * @module Benchmark: the fault soak. 200 generated services against a standalone local
 * cloud with throttling, 5xx and latency: `apply` killed with SIGKILL after a random number of write
 * calls, several times, then applied to convergence; then, side by side as in a real account, 100
 * `plan` runs (several processes at once) and the daemon for a while on its own wire counter, whose
 * metrics must match the attempts that wire saw; then the live state is checked for duplicates and
 * leftovers. The same again without faults. Every phase is bounded in count and time, so it stops by
 * itself and one slow phase cannot starve the next. Needs the built CLI (npm run build).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createAwsCloud } from '../src/cloud/aws/create-cloud.js'
import { prng, type FaultConfig } from '../src/localcloud/faults.js'
import { TAG_CONTENT_HASH, TAG_REDEPLOY_PENDING } from '../src/reconciler/ownership.js'
import { generateManifests } from './generate.js'
import { benchOutputDir } from './output-dir.js'
import { startWireProxy, type WireProxy } from './wire-proxy.js'

const ROOT = join(import.meta.dirname, '..', '..')
const CLI = join(ROOT, 'dist', 'cli', 'main.js')
const CLUSTER = 'bench'

export interface SoakSettings {
  readonly services: number
  readonly kills: number
  /** A run is killed after a random number of write attempts in [1, maxWritesBeforeKill]. */
  readonly maxWritesBeforeKill: number
  /** Bound on the kill phase; the kills left are skipped and recorded as such. */
  readonly killBudgetMs: number
  readonly maxConvergeRuns: number
  readonly plans: number
  /** Plan processes run side by side (several tools reading one account at once). */
  readonly planConcurrency: number
  /** Bound on the plan phase (which runs while the daemon does). */
  readonly planBudgetMs: number
  readonly daemonSeconds: number
  /** Hard bound on one scenario: every step after it is skipped and recorded as such. */
  readonly budgetMs: number
  readonly seed: number
}

/** The soak's faults: the local cloud's own settings (src/localcloud/faults.ts), all three set. */
export type FaultSettings = Required<
  Pick<
    FaultConfig,
    'throttleRate' | 'serverErrorRate' | 'htmlServerErrorRate' | 'dropWriteResponseRate' | 'latencyMs'
  >
>

interface RunResult {
  readonly code: number | null
  readonly signal: string | null
  readonly ms: number
  readonly stderrTail: string
}

export interface SoakScenario {
  readonly faults: FaultSettings | undefined
  readonly kills: { readonly afterWrites: number; readonly killed: boolean; readonly ms: number }[]
  /** Uninterrupted `apply` runs until one exited 0 (undefined: not within maxConvergeRuns). */
  readonly runsToConverge: number | undefined
  readonly convergeRunMs: number[]
  readonly plans: {
    readonly runs: number
    readonly completed: number
    readonly exitCodes: Record<string, number>
    readonly medianMs: number
  }
  readonly daemon: DaemonPhase
  readonly state: {
    readonly services: number
    readonly expectedServices: number
    readonly unexpectedServices: number
    readonly duplicateRevisions: number
    readonly revisions: number
    readonly duplicateNamespaces: number
    readonly namespaces: number
    readonly redeployPendingLeft: number
  }
  readonly unplannedDeletes: Record<string, number>
  /** Every attempt the soak's wire answered (kills, converge, plans, final plan) by outcome, and the registers among them. */
  readonly wire: {
    readonly byOutcome: Record<string, number>
    readonly registerTaskDefinition: Record<string, number>
  }
  readonly finalPlanExitCode: number | null
  readonly skipped: string[]
  readonly totalMs: number
}

export interface DaemonPhase {
  readonly seconds: number
  readonly passes: Record<string, number>
  /** Resources by status in /status at the end (all `synced` when converged). */
  readonly resources: Record<string, number>
  /** Attempts seen on the daemon's own wire against its `ecs_reconciler_api_calls_total`, by `Service.Operation code`. */
  readonly attempts: {
    readonly wire: number
    readonly metrics: number
    readonly match: boolean
    readonly differences: Record<string, { wire: number; metrics: number }>
  }
  /** 0 expected: the daemon exits cleanly on SIGTERM (docs/cli.md). */
  readonly exitCode: number | null
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function childEnv(endpoint: string, dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
}

/** Runs the CLI to its end (or SIGKILL at `timeoutMs`); `onStart` gets the child to signal it earlier. */
function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  onStart?: (child: ChildProcess) => void,
): Promise<RunResult> {
  const started = Date.now()
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)))
  onStart?.(child)
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, ms: Date.now() - started, stderrTail: stderr.slice(-400) })
    })
  })
}

async function startLocalCloudProcess(
  dir: string,
  faults: FaultSettings | undefined,
  seed: number,
): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const args = [
    CLI,
    'local-cloud',
    '--port',
    '0',
    '--state',
    join(dir, 'local-cloud.json'),
    '--task-start-seconds',
    '0.2',
  ]
  if (faults) {
    const file = join(dir, 'faults.json')
    writeFileSync(file, JSON.stringify({ ...faults, seed }))
    args.push('--faults', file)
  }
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  })
  let out = ''
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start: ${out}`)), 20_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
      if (found) {
        clearTimeout(timer)
        resolve(found)
      }
    })
  })
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** Reads the live state the soak judges: duplicates, unexpected services, leftover marks. */
async function inspect(
  endpoint: string,
  names: readonly string[],
  namespaces: readonly string[],
): Promise<SoakScenario['state']> {
  const cloud = createAwsCloud({
    readOnly: true,
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  })
  try {
    const arns = await cloud.readers.ecs.listServiceArns(CLUSTER)
    const services = await cloud.readers.ecs.describeServices(CLUSTER, arns)
    const expected = new Set(names)
    let duplicateRevisions = 0
    let revisions = 0
    for (const name of names) {
      const listed = await cloud.readers.ecs.listTaskDefinitionRevisions(name)
      revisions += listed.length
      const hashes = new Map<string, number>()
      for (const r of listed) {
        const hash = r.tags[TAG_CONTENT_HASH] ?? `untagged-${r.revision}`
        hashes.set(hash, (hashes.get(hash) ?? 0) + 1)
      }
      for (const n of hashes.values()) duplicateRevisions += n - 1
    }
    const liveNamespaces = (await cloud.readers.cloudMap.listNamespaces()).filter((n) =>
      namespaces.includes(n.name),
    )
    return {
      services: services.length,
      expectedServices: names.length,
      unexpectedServices: services.filter((s) => !expected.has(s.name)).length,
      duplicateRevisions,
      revisions,
      duplicateNamespaces: liveNamespaces.length - new Set(liveNamespaces.map((n) => n.name)).size,
      namespaces: liveNamespaces.length,
      redeployPendingLeft: services.filter((s) => s.tags[TAG_REDEPLOY_PENDING] !== undefined).length,
    }
  } finally {
    cloud.close()
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** `name{a="x",b="y"} 3` lines of one metric, as label maps and values. */
function metricSeries(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return [...text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))].map(
    ([, labels = '', value = '0']) => ({
      labels: Object.fromEntries(
        [...labels.matchAll(/(\w+)="([^"]*)"/g)].map(([, k = '', v = '']) => [k, v]),
      ),
      value: Number(value),
    }),
  )
}

/** The metrics' attempts keyed as the wire proxy keys them (FIS is REST there: one key per code). */
export function metricAttempts(text: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const { labels, value } of metricSeries(text, 'ecs_reconciler_api_calls_total')) {
    if (value === 0) continue
    const key = `${labels['service'] ?? ''}.${labels['service'] === 'FIS' ? 'REST' : (labels['operation'] ?? '')} ${labels['code'] ?? ''}`
    out[key] = (out[key] ?? 0) + value
  }
  return out
}

/** Wire attempts (`Service.Operation code`) summed by code, and RegisterTaskDefinition's by code. */
export function wireOutcomes(attempts: Record<string, number>): SoakScenario['wire'] {
  const byOutcome: Record<string, number> = {}
  const registerTaskDefinition: Record<string, number> = {}
  for (const [key, n] of Object.entries(attempts)) {
    const [operation = '', code = ''] = key.split(' ')
    byOutcome[code] = (byOutcome[code] ?? 0) + n
    if (operation === 'ECS.RegisterTaskDefinition') {
      registerTaskDefinition[code] = (registerTaskDefinition[code] ?? 0) + n
    }
  }
  return { byOutcome, registerTaskDefinition }
}

export function compareAttempts(
  wire: Record<string, number>,
  metrics: Record<string, number>,
): DaemonPhase['attempts'] {
  const differences: Record<string, { wire: number; metrics: number }> = {}
  for (const key of new Set([...Object.keys(wire), ...Object.keys(metrics)])) {
    if ((wire[key] ?? 0) !== (metrics[key] ?? 0)) {
      differences[key] = { wire: wire[key] ?? 0, metrics: metrics[key] ?? 0 }
    }
  }
  const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0)
  return {
    wire: total(wire),
    metrics: total(metrics),
    match: Object.keys(differences).length === 0,
    differences,
  }
}

/**
 * The daemon for `seconds` behind its own wire proxy, then, between two passes (nothing in flight),
 * its metrics against what that wire saw; stopped with SIGTERM.
 */
async function runDaemonPhase(
  cloudEndpoint: string,
  manifests: string,
  dir: string,
  seconds: number,
): Promise<DaemonPhase> {
  const wire = await startWireProxy(cloudEndpoint)
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const passes: Record<string, number> = {}
  let resources: Record<string, number> = {}
  let attempts: DaemonPhase['attempts'] = { wire: 0, metrics: 0, match: false, differences: {} }
  try {
    const args = [
      'run',
      manifests,
      '--listen',
      `127.0.0.1:${port}`,
      '--interval',
      '10s',
      '--poll-interval',
      '200ms',
      '--log-level',
      'warn',
    ]
    const run = await runCli(args, childEnv(wire.endpoint, dir), seconds * 1000 + 90_000, (child) => {
      void (async () => {
        await sleep(seconds * 1000)
        // Between passes the daemon makes no call: both counts are then final for the same moment.
        for (let tries = 0; tries < 120; tries++) {
          try {
            const status = (await fetch(`${base}/status`).then((r) => r.json())) as {
              passInProgress: unknown
              lastPass: unknown
              resources: { status: string }[]
            }
            if (status.passInProgress === null && status.lastPass !== null) {
              const before = JSON.stringify(wire.attempts())
              const text = await fetch(`${base}/metrics`).then((r) => r.text())
              if (before === JSON.stringify(wire.attempts())) {
                attempts = compareAttempts(wire.attempts(), metricAttempts(text))
                resources = {}
                for (const r of status.resources) resources[r.status] = (resources[r.status] ?? 0) + 1
                for (const { labels, value } of metricSeries(text, 'ecs_reconciler_passes_total')) {
                  passes[labels['outcome'] ?? ''] = (passes[labels['outcome'] ?? ''] ?? 0) + value
                }
                break
              }
            }
          } catch {
            // Not listening yet or between answers: try again.
          }
          await sleep(500)
        }
        child.kill('SIGTERM')
      })()
    })
    return { seconds, passes, resources, attempts, exitCode: run.code }
  } finally {
    await wire.close()
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

export async function runSoakScenario(
  settings: SoakSettings,
  faults: FaultSettings | undefined,
): Promise<SoakScenario> {
  const started = Date.now()
  const overBudget = (): boolean => Date.now() - started > settings.budgetMs
  const phaseOver = (since: number, budgetMs: number) => (): boolean =>
    overBudget() || Date.now() - since > budgetMs
  const progress = (what: string): void =>
    void process.stderr.write(
      `fault-soak (${faults ? 'faults' : 'no faults'}, ${Math.round((Date.now() - started) / 1000)} s): ${what}\n`,
    )
  const skipped: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'fault-soak-'))
  const manifests = join(dir, 'manifests')
  const files = generateManifests(settings.services, { cluster: CLUSTER })
  for (const f of files) {
    mkdirSync(dirname(join(manifests, f.file)), { recursive: true })
    writeFileSync(join(manifests, f.file), f.text)
  }
  const names = files.flatMap((f) => /kind: Service\nmetadata:\n {2}name: (\S+)/.exec(f.text)?.[1] ?? [])
  const namespaces = files.flatMap(
    (f) => /kind: Namespace\nmetadata:\n {2}name: (\S+)/.exec(f.text)?.[1] ?? [],
  )
  const random = prng(settings.seed)
  const cloud = await startLocalCloudProcess(dir, faults, settings.seed)
  let proxy: WireProxy | undefined
  try {
    proxy = await startWireProxy(cloud.endpoint)
    const env = childEnv(proxy.endpoint, dir)
    const applyArgs = ['apply', manifests, '--poll-interval', '200ms', '--timeout', '5m']
    const wire = proxy

    const kills: SoakScenario['kills'][number][] = []
    const killsOver = phaseOver(Date.now(), settings.killBudgetMs)
    for (let i = 0; i < settings.kills && !killsOver(); i++) {
      const afterWrites = 1 + Math.floor(random() * settings.maxWritesBeforeKill)
      let killed = false
      const run = await runCli(applyArgs, env, settings.killBudgetMs, (child) =>
        wire.watchWrites((n) => {
          if (n >= afterWrites && !killed) {
            killed = true
            child.kill('SIGKILL')
          }
        }),
      )
      wire.watchWrites(undefined)
      kills.push({ afterWrites, killed, ms: run.ms })
    }
    if (kills.length < settings.kills) skipped.push(`kills after ${kills.length} (time budget)`)
    progress(`${kills.length} apply run(s) killed`)

    let runsToConverge: number | undefined
    const convergeRunMs: number[] = []
    for (let i = 1; i <= settings.maxConvergeRuns && !overBudget(); i++) {
      const run = await runCli(applyArgs, env, 10 * 60_000)
      convergeRunMs.push(run.ms)
      if (run.code === 0) {
        runsToConverge = i
        break
      }
      process.stderr.write(`fault-soak: apply run ${i} exited ${run.code ?? run.signal}: ${run.stderrTail}\n`)
    }

    progress(
      runsToConverge === undefined ? 'apply did not converge' : `converged in ${runsToConverge} run(s)`,
    )
    // The daemon and the plans side by side, as in an account where several tools read at once: the
    // daemon behind its own wire counter (to check its metrics), the plans several processes at a
    // time. The faults are per request, so running them side by side does not change the rate of
    // faults each one sees.
    const daemonPhase =
      !overBudget() && settings.daemonSeconds > 0
        ? runDaemonPhase(cloud.endpoint, manifests, dir, settings.daemonSeconds)
        : undefined
    if (!daemonPhase && settings.daemonSeconds > 0) skipped.push('daemon (time budget)')
    const exitCodes: Record<string, number> = {}
    const planMs: number[] = []
    let planRuns = 0
    let planFailures = 0
    const plansOver = phaseOver(Date.now(), settings.planBudgetMs)
    const planWorker = async (): Promise<void> => {
      while (planRuns < settings.plans && !plansOver()) {
        planRuns += 1
        const run = await runCli(['plan', manifests, '--detailed-exitcode'], env, settings.planBudgetMs)
        planMs.push(run.ms)
        const key = String(run.code ?? run.signal)
        exitCodes[key] = (exitCodes[key] ?? 0) + 1
        if (run.code !== 0 && run.code !== 2 && planFailures++ < 3) {
          process.stderr.write(`fault-soak: plan exited ${key}: ${run.stderrTail}\n`)
        }
      }
    }
    await Promise.all(Array.from({ length: settings.planConcurrency }, planWorker))
    if (planRuns < settings.plans) skipped.push(`plans after ${planRuns} (time budget)`)
    // A plan completes when it exits 0 or 2; after convergence only 0 is right.
    const completed = (exitCodes['0'] ?? 0) + (exitCodes['2'] ?? 0)
    const daemon: DaemonPhase = (await daemonPhase) ?? {
      seconds: 0,
      passes: {},
      resources: {},
      attempts: { wire: 0, metrics: 0, match: false, differences: {} },
      exitCode: null,
    }

    progress(`${planRuns} plans (${completed} completed), daemon ${daemon.seconds} s`)
    const final = await runCli(['plan', manifests, '--detailed-exitcode'], env, 5 * 60_000)
    const state = await inspect(cloud.endpoint, names, namespaces)
    return {
      faults,
      kills,
      runsToConverge,
      convergeRunMs,
      plans: { runs: planRuns, completed, exitCodes, medianMs: median(planMs) },
      daemon,
      state,
      unplannedDeletes: proxy.deletes(),
      wire: wireOutcomes(proxy.attempts()),
      finalPlanExitCode: final.code,
      skipped,
      totalMs: Date.now() - started,
    }
  } finally {
    await proxy?.close()
    await cloud.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export const DEFAULT_SOAK: SoakSettings = {
  services: 200,
  kills: 5,
  maxWritesBeforeKill: 150,
  killBudgetMs: 8 * 60_000,
  maxConvergeRuns: 5,
  plans: 100,
  planConcurrency: 10,
  planBudgetMs: 10 * 60_000,
  daemonSeconds: 120,
  budgetMs: 20 * 60_000,
  seed: 10,
}
/** 20 % throttling; 5 % 5xx, 2 points of them HTML 503 pages; 3 % of write responses dropped after the write. */
export const SOAK_FAULTS: FaultSettings = {
  throttleRate: 0.2,
  serverErrorRate: 0.03,
  htmlServerErrorRate: 0.02,
  dropWriteResponseRate: 0.03,
  latencyMs: 40,
}

export async function benchFaultSoak(
  settings: SoakSettings = DEFAULT_SOAK,
  options: { readonly withoutFaults?: boolean } = {},
): Promise<{
  settings: SoakSettings
  faults: FaultSettings
  withFaults: SoakScenario
  withoutFaults: SoakScenario | 'not run (--faults-only)'
}> {
  const withFaults = await runSoakScenario(settings, SOAK_FAULTS)
  const withoutFaults =
    options.withoutFaults === false
      ? ('not run (--faults-only)' as const)
      : await runSoakScenario({ ...settings, daemonSeconds: Math.min(settings.daemonSeconds, 30) }, undefined)
  return { settings, faults: SOAK_FAULTS, withFaults, withoutFaults }
}

/** `--services=N`, `--plans=N`, `--kills=N`: a smaller soak on a loaded machine (the result records them). */
export function soakOverrides(args: readonly string[]): Partial<SoakSettings> {
  const overrides: Record<string, number> = {}
  for (const name of [
    'services',
    'plans',
    'kills',
    'maxWritesBeforeKill',
    'planConcurrency',
    'daemonSeconds',
  ]) {
    const value = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
    if (value === undefined) continue
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${value}"`)
    overrides[name] = n
  }
  return overrides
}

// Run alone: node dist-bench/bench/fault-soak.js [--record] [--quick]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { dir, recording } = benchOutputDir(ROOT, process.argv.slice(2), process.env)
  const quick = process.argv.includes('--quick')
  const settings = quick
    ? {
        ...DEFAULT_SOAK,
        services: 20,
        kills: 2,
        maxWritesBeforeKill: 25,
        plans: 8,
        planConcurrency: 4,
        daemonSeconds: 15,
      }
    : { ...DEFAULT_SOAK, ...soakOverrides(process.argv.slice(2)) }
  // How busy the machine was when the soak started: its own processes load it from then on.
  const machineAtStart = { cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 10) / 10) }
  const result = await benchFaultSoak(settings, { withoutFaults: !process.argv.includes('--faults-only') })
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'fault-soak.json'),
    `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, machineAtStart, ...result }, null, 2)}\n`,
  )
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  process.stderr.write(
    `results written to ${dir}${recording ? '' : ' (scratch; --record to update bench/results/)'}\n`,
  )
}
