/** @module `ecs-reconciler run`: the daemon (watch a directory or poll Git, reconcile, self-heal, serve health/metrics/status). */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Argument, Option, type Command } from 'commander'
import { systemClock } from '../../shared/clock.js'
import { ReconcilerError } from '../../shared/errors.js'
import { parseAllowedHosts } from '../../daemon/http-guard.js'
import { openCloud } from '../cloud-factory.js'
import { cloudOptionsOf } from '../lazy-cloud.js'
import {
  cloudOptions,
  clusterOption,
  DEFAULT_PATHS,
  parseCount,
  parseDurationOption,
  type CloudFlags,
} from '../options.js'
import type { DaemonLeaseOptions, DaemonOptions } from '../../daemon/daemon.js'
import type { ManifestSource } from '../../daemon/sources/source.js'
import type { RegisterCommand } from './register.js'

export interface RunFlags extends CloudFlags {
  cluster: string
  gitUrl?: string
  gitBranch: string
  gitPath: string
  gitInterval: number
  gitDir: string
  interval: number
  listen: string
  allowedHosts: string[]
  debounce: number
  dryRun?: boolean
  prune?: boolean
  maxDeletes: number
  keepRevisions: number
  force?: boolean
  allowEmpty?: boolean
  adopt?: boolean
  allowReplace?: boolean
  verify: boolean
  timeout: number
  concurrency: number
  pollInterval?: number
  backoffBase: number
  backoffMax: number
  logLevel: string
  leaseTable?: string
  leaseName?: string
  leaseDuration: number
  leaseRenew: number
  shards?: number
}

/** Each shard is a lease renewed on its own timer: beyond a few dozen the renewals alone keep the table busy. */
const MAX_SHARDS = 64

/** The shutdown budget: ECS gives a task 30 s by default after SIGTERM; we promise 10. */
const SHUTDOWN_BACKSTOP_MS = 9_000

export const registerRun: RegisterCommand = (program, setExit) => {
  const command = program
    .command('run')
    .description(
      'the daemon: watch a directory or poll Git, reconcile in a loop, self-heal drift, serve /healthz /readyz /metrics /status',
    )
  for (const add of [sourceOptions, serviceOptions, reconcileOptions, waitOptions, haOptions]) {
    add(command)
  }
  for (const option of cloudOptions()) if (option.long !== '--stats') command.addOption(option)
  command.action(async (path: string | undefined, flags: RunFlags) => {
    await runDaemon(path, flags)
    setExit(0)
    // Everything is closed; exiting here also ends any SDK socket that lingers in keep-alive.
    process.exit(0)
  })
}

/** Where the manifests come from: a folder, or a Git remote. */
function sourceOptions(command: Command): Command {
  return command
    .addArgument(
      new Argument('[path]', 'manifest folder to watch (ignored with --git-url)').default(
        DEFAULT_PATHS[0],
        DEFAULT_PATHS[0],
      ),
    )
    .addOption(clusterOption())
    .addOption(
      new Option(
        '--git-url <url>',
        'poll this Git remote instead of watching a folder (token: ECS_RECONCILER_GIT_TOKEN)',
      ).env('ECS_RECONCILER_GIT_URL'),
    )
    .addOption(
      new Option('--git-branch <name>', 'branch to follow').env('ECS_RECONCILER_GIT_BRANCH').default('main'),
    )
    .addOption(
      new Option('--git-path <dir>', 'folder of the repository that holds the manifests')
        .env('ECS_RECONCILER_GIT_PATH')
        .default('.'),
    )
    .addOption(
      new Option('--git-interval <duration>', 'how often to poll the remote')
        .argParser(parseDurationOption('--git-interval'))
        .default(60_000, '1m'),
    )
    .addOption(
      new Option('--git-dir <dir>', 'where to keep the checkouts').default(
        join(tmpdir(), 'ecs-reconciler-git'),
        '<tmp>/ecs-reconciler-git',
      ),
    )
}

/** How often to resync, and the HTTP listener. */
function serviceOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--interval <duration>', 'periodic resync that repairs drift (±10% jitter)')
        .argParser(parseDurationOption('--interval'))
        .default(60_000, '60s'),
    )
    .addOption(
      new Option('--listen <host:port>', 'address of /healthz, /readyz, /metrics and /status')
        .env('ECS_RECONCILER_LISTEN')
        .default('127.0.0.1:8080'),
    )
    .addOption(
      new Option(
        '--allowed-hosts <names>',
        'comma-separated Host names the HTTP listener also accepts (loopback names and the bound address always are)',
      )
        .env('ECS_RECONCILER_ALLOWED_HOSTS')
        .argParser(parseAllowedHosts)
        .default([], 'none'),
    )
    .addOption(
      new Option('--debounce <duration>', 'quiet time after a file change before a pass')
        .argParser(parseDurationOption('--debounce'))
        .default(300, '300ms'),
    )
}

/** What a pass may do. */
function reconcileOptions(command: Command): Command {
  return command
    .option('--dry-run', 'plan and report only: read-only clients, nothing is changed')
    .option(
      '--prune',
      'delete managed resources that left the manifests (never while a manifest fails to load)',
    )
    .option(
      '--max-deletes <n>',
      'refuse to prune more than this many resources in one pass',
      parseCount('--max-deletes'),
      5,
    )
    .option('--force', 'allow more deletes than --max-deletes')
    .option(
      '--keep-revisions <n>',
      'task-definition revisions of ours kept per family; older ones no deployment uses are deregistered',
      parseCount('--keep-revisions'),
      10,
    )
    .option('--allow-empty', 'allow pruning when the manifests declare no resources at all (never otherwise)')
    .option('--adopt', 'take over existing unmanaged resources of the same name')
    .option('--allow-replace', 'allow delete-and-recreate for changes ECS cannot make in place')
    .option(
      '--no-verify',
      'do not check the account before deploying a service; by default a service with a failed check is held as blocked and checked again next pass',
    )
}

/** Waiting for steady state, and retrying a failed resource. */
function waitOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--timeout <duration>', 'steady-state deadline per wave')
        .argParser(parseDurationOption('--timeout'))
        .default(15 * 60_000, '15m'),
    )
    .option('--concurrency <n>', 'actions in flight at once within a wave', parseCount('--concurrency'), 8)
    .option(
      '--poll-interval <duration>',
      'steady-state polling interval',
      parseDurationOption('--poll-interval'),
    )
    .addOption(
      new Option('--backoff-base <duration>', 'first retry delay of a failed resource (doubles per failure)')
        .argParser(parseDurationOption('--backoff-base'))
        .default(10_000, '10s'),
    )
    .addOption(
      new Option('--backoff-max <duration>', 'longest retry delay')
        .argParser(parseDurationOption('--backoff-max'))
        .default(600_000, '10m'),
    )
}

/** High availability: the lease table and shards; the log level. */
function haOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--lease-table <name>',
        'high availability: only the holder of a lease in this DynamoDB table reconciles (the table is created by the deploy manifests)',
      ).env('ECS_RECONCILER_LEASE_TABLE'),
    )
    .addOption(
      new Option('--lease-name <name>', 'the lease key in that table (default: the --instance id)').env(
        'ECS_RECONCILER_LEASE_NAME',
      ),
    )
    .addOption(
      new Option('--lease-duration <duration>', 'how long a lease lasts without a renew')
        .argParser(parseDurationOption('--lease-duration'))
        .default(30_000, '30s'),
    )
    .addOption(
      new Option('--lease-renew <duration>', 'how often the leader renews it (well under --lease-duration)')
        .argParser(parseDurationOption('--lease-renew'))
        .default(10_000, '10s'),
    )
    .addOption(
      new Option(
        '--shards <n>',
        'split the work by ECS cluster over n leases, balanced across the replicas (needs --lease-table)',
      )
        .env('ECS_RECONCILER_SHARDS')
        .argParser(parseCount('--shards')),
    )
    .addOption(
      new Option('--log-level <level>', 'pino log level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
}

/** Why the flags cannot run together, or undefined. */
export function runFlagsProblem(
  flags: Pick<RunFlags, 'leaseTable' | 'leaseRenew' | 'leaseDuration' | 'shards'>,
): { message: string; hint: string } | undefined {
  if (flags.leaseTable !== undefined && flags.leaseRenew * 2 > flags.leaseDuration) {
    return {
      message: `--lease-renew (${flags.leaseRenew} ms) must be at most half of --lease-duration (${flags.leaseDuration} ms)`,
      hint: 'a leader needs room for a failed renew before its lease runs out: for example --lease-duration 30s --lease-renew 10s',
    }
  }
  if (flags.shards !== undefined && flags.leaseTable === undefined) {
    return {
      message: `--shards ${flags.shards} needs --lease-table: replicas share the shards through leases in a DynamoDB table`,
      hint: 'add --lease-table <table> (see manifests/deploy/lease-table.json), or drop --shards to run one daemon for everything',
    }
  }
  if (flags.shards !== undefined && (flags.shards < 1 || flags.shards > MAX_SHARDS)) {
    return {
      message: `--shards must be between 1 and ${MAX_SHARDS}, got ${flags.shards}`,
      hint: 'a few shards per replica is plenty: for example --shards 6 for up to 6 replicas',
    }
  }
  return undefined
}

/** The pass settings the flags ask for. */
export function passSettingsOf(flags: RunFlags): DaemonOptions['settings'] {
  return {
    instance: flags.instance,
    defaultCluster: flags.cluster,
    revision: flags.revision,
    dryRun: flags.dryRun ?? false,
    prune: flags.prune ?? false,
    adopt: flags.adopt ?? false,
    maxDeletes: flags.maxDeletes,
    keepRevisions: flags.keepRevisions,
    force: flags.force ?? false,
    allowEmpty: flags.allowEmpty ?? false,
    allowReplace: flags.allowReplace ?? false,
    verify: flags.verify,
    timeoutMs: flags.timeout,
    concurrency: Math.max(1, flags.concurrency),
    pollMs: flags.pollInterval,
  }
}

/** Starts the daemon and runs it until SIGTERM/SIGINT, then stops it within the shutdown budget. */
async function runDaemon(path: string | undefined, flags: RunFlags): Promise<void> {
  // Loaded here: the daemon's dependencies (chokidar, prom-client, pino) are not needed by other commands.
  const { parseListen } = await import('../../daemon/http.js')
  const { createLogger } = await import('../../daemon/logger.js')
  const { startDaemon } = await import('../../daemon/daemon.js')
  const listen = parseListen(flags.listen)
  if (!listen) {
    throw new ReconcilerError('INVALID_INPUT', `--listen must be host:port, got "${flags.listen}"`, {
      hint: 'for example 127.0.0.1:8080, 0.0.0.0:8080, or 127.0.0.1:0 for any free port',
    })
  }
  const problem = runFlagsProblem(flags)
  if (problem) throw new ReconcilerError('INVALID_INPUT', problem.message, { hint: problem.hint })
  const logger = createLogger({ level: flags.logLevel })
  // Listening from the start: a signal during start-up (a long first clone) stops cleanly after it.
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'))
    process.once('SIGINT', () => resolve('SIGINT'))
  })
  const source = await createSource(path, flags)
  const daemon = await startDaemon({
    source,
    openCloud: (onCall) => openCloud({ ...cloudOptionsOf(flags, flags.dryRun ?? false), onCall }),
    logger,
    clock: systemClock,
    listen,
    allowedHosts: flags.allowedHosts,
    intervalMs: flags.interval,
    backoff: { baseMs: flags.backoffBase, maxMs: flags.backoffMax },
    settings: passSettingsOf(flags),
    ...(flags.leaseTable ? { lease: await leaseOptions(flags.leaseTable, flags) } : {}),
  })
  await stopOnSignal(await signalled, daemon, logger)
}

/** A second signal exits at once; a stop that overruns the budget exits anyway (the next run continues from live state). */
async function stopOnSignal(
  signal: NodeJS.Signals,
  daemon: { stop(): Promise<unknown> },
  logger: { info(obj: object, msg?: string): void; info(msg: string): void; warn(msg: string): void },
): Promise<void> {
  logger.info(
    { signal },
    `${signal}: finishing the calls in flight, then stopping (send it again to exit at once)`,
  )
  const again = (): never => process.exit(130)
  process.once('SIGTERM', again)
  process.once('SIGINT', again)
  const backstop = setTimeout(() => {
    logger.warn('shutdown took too long; exiting now (a rerun continues from live state)')
    process.exit(0)
  }, SHUTDOWN_BACKSTOP_MS)
  await daemon.stop()
  clearTimeout(backstop)
  logger.info('stopped')
}

async function createSource(path: string | undefined, flags: RunFlags): Promise<ManifestSource> {
  if (flags.gitUrl) {
    const { GitSource } = await import('../../daemon/sources/git.js')
    return new GitSource({
      url: flags.gitUrl,
      branch: flags.gitBranch,
      path: flags.gitPath,
      intervalMs: flags.gitInterval,
      workDir: flags.gitDir,
    })
  }
  const { DirectorySource } = await import('../../daemon/sources/directory.js')
  return new DirectorySource(path ?? DEFAULT_PATHS[0] ?? './manifests', flags.revision, flags.debounce)
}

async function leaseOptions(table: string, flags: RunFlags): Promise<DaemonLeaseOptions> {
  const { DynamoLeaseStore } = await import('../../cloud/aws/dynamodb-lease.js')
  const { holderId } = await import('../../daemon/holder-id.js')
  return {
    // The SDK's own chain gives the endpoint (AWS_ENDPOINT_URL_DYNAMODB for a local DynamoDB) and credentials.
    openStore: (region, onCall) =>
      new DynamoLeaseStore({
        table,
        region,
        ...(flags.profile ? { profile: flags.profile } : {}),
        requestTimeoutMs: Math.min(flags.leaseRenew, 5_000),
        onCall,
      }),
    name: flags.leaseName ?? flags.instance,
    holder: await holderId(),
    durationMs: flags.leaseDuration,
    renewMs: flags.leaseRenew,
    ...(flags.shards !== undefined ? { shards: flags.shards } : {}),
  }
}
