/** Runs the built CLI as a child process, as users do. */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { shopExampleDir } from './example.js'

export const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js')
/** The demo's seed (roles, secrets, log groups, the alarm, SSM parameters), as a user runs it. */
export const SEED_DEMO = resolve(import.meta.dirname, '../../scripts/seed-demo.mjs')

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly cwd?: string
  readonly env?: Record<string, string>
  /** Variables of the test's own environment the child must not inherit (say an AWS_REGION on the machine). */
  readonly unset?: readonly string[]
  /** Called with each stdout chunk, e.g. to send a signal at the right moment. */
  readonly onStdout?: (chunk: string, child: ReturnType<typeof spawn>) => void
  readonly timeoutMs?: number
  /**
   * Let `apply` and `run` check the account before deploying (their default). Off unless asked: the
   * fixtures name roles, images and secrets no test creates, and verify's own tests seed what they check.
   */
  readonly verify?: boolean
}

/** `apply` and `run` get `--no-verify` unless the test asks for the account checks. */
export function verifyArgs(args: readonly string[], verify: boolean | undefined): readonly string[] {
  const [command, ...rest] = args
  return !verify && (command === 'apply' || command === 'run') ? [command, '--no-verify', ...rest] : args
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const inherited: NodeJS.ProcessEnv = { ...process.env }
    for (const name of options.unset ?? []) delete inherited[name]
    const env: NodeJS.ProcessEnv = { ...inherited, NO_COLOR: '1', ...options.env }
    const child = spawn(process.execPath, [CLI, ...verifyArgs(args, options.verify)], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`CLI timed out: ${args.join(' ')}\n${stdout}\n${stderr}`))
    }, options.timeoutMs ?? 120_000)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      options.onStdout?.(d.toString(), child)
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ code, stdout, stderr })
    })
  })
}

/**
 * A temp dir with a copy of the shop example under `manifests/`, removed by the returned cleanup;
 * `edit` replaces text in one of its files (and throws when the text is not there).
 */
/** Runs scripts/seed-demo.mjs with `args` (`--local-state FILE` or `--endpoint URL`). */
export function runSeed(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SEED_DEMO, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}

export function workspaceWithExample(): {
  dir: string
  manifests: string
  state: string
  edit: (file: string, from: string, to: string) => void
  cleanup: () => void
} {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-e2e-'))
  const manifests = join(dir, 'manifests')
  cpSync(shopExampleDir(), manifests, { recursive: true })
  const edit = (file: string, from: string, to: string): void => editFile(manifests, file, from, to)
  return {
    dir,
    manifests,
    state: join(dir, 'state.json'),
    edit,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** Replaces `from` by `to` in `dir/file` as many editors save: a temporary file beside it, renamed over the original. */
export function editFile(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file)
  const text = readFileSync(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`)
  writeFileSync(`${path}.swp`, text.replace(from, to))
  renameSync(`${path}.swp`, path)
}

/** Environment that makes the embedded local cloud fast for tests. */
export const FAST_LOCAL_CLOUD: Record<string, string> = {
  ECS_RECONCILER_LOCAL_TIMING: JSON.stringify({
    taskStartSeconds: 0.3,
    drainSeconds: 0.3,
    namespaceCreateSeconds: 0.2,
  }),
}
