/** @module A manifest source that polls one branch of a Git remote and exposes the files of its newest commit. */
import { mkdir, rm } from 'node:fs/promises'
import { isAbsolute, join, normalize, resolve, sep } from 'node:path'
import { ReconcilerError, errorMessage } from '../../shared/errors.js'
import { type Env, type GitContext, GitCommandError, gitContext, runGit, scrub } from './git-cli.js'
import type { ManifestSource, SourceSnapshot } from './source.js'

export interface GitSourceOptions {
  /** Remote: https URL, `file://` URL or local path. */
  readonly url: string
  readonly branch: string
  /** Folder inside the repository holding the manifests; `.` or '' for the root. */
  readonly path: string
  readonly intervalMs: number
  /** Directory this source owns for its clone and checkouts; created if missing. */
  readonly workDir: string
  /** Where ECS_RECONCILER_GIT_TOKEN / ECS_RECONCILER_GIT_USERNAME are read; default `process.env`. */
  readonly env?: Env
}

const FETCH_TIMEOUT_MS = 120_000
const LOCAL_TIMEOUT_MS = 60_000
/** Fetched commits land on this ref, outside refs/heads so nothing else touches it. */
const FETCHED_REF = 'refs/reconciler/fetched'
/** Checkouts kept: the current one and the previous one, which a running pass may still be reading. */
const KEEP = 2

export class GitSource implements ManifestSource {
  readonly description: string
  private readonly url: string
  private readonly branch: string
  private readonly subPath: string
  private readonly intervalMs: number
  private readonly repoDir: string
  private readonly checkoutsDir: string
  private readonly ctx: GitContext
  /** SHAs with a checkout directory, oldest first; the last one is current. */
  private kept: string[] = []
  private started = false
  private closed = false
  private timer: NodeJS.Timeout | undefined
  private inFlight: Promise<void> | undefined

  constructor(options: GitSourceOptions) {
    this.url = options.url
    this.branch = options.branch
    this.subPath = normalize(options.path || '.')
    this.intervalMs = options.intervalMs
    const workDir = resolve(options.workDir)
    this.repoDir = join(workDir, 'repo.git')
    this.checkoutsDir = join(workDir, 'checkouts')
    this.ctx = gitContext(options.url, options.env ?? process.env)
    const where = this.subPath === '.' ? '' : `:${this.subPath}`
    this.description = `git ${scrub(options.url, this.ctx.secrets)}#${options.branch}${where}`
  }

  async start(onChange: (reason: string) => void, onError: (err: unknown) => void): Promise<void> {
    if (this.started) throw new ReconcilerError('INTERNAL', 'GitSource.start() called twice')
    this.started = true
    await this.validate()
    try {
      // Start clean: a previous run may have left checkouts git no longer knows about, or another URL.
      await rm(this.repoDir, { recursive: true, force: true })
      await rm(this.checkoutsDir, { recursive: true, force: true })
      await mkdir(this.checkoutsDir, { recursive: true })
      await runGit(['init', '--bare', '--quiet', this.repoDir], this.ctx, LOCAL_TIMEOUT_MS)
      await this.sync()
    } catch (err) {
      throw this.startError(err)
    }
    this.schedule(onChange, onError)
  }

  snapshot(): SourceSnapshot {
    const sha = this.kept.at(-1)
    if (sha === undefined) throw new ReconcilerError('INTERNAL', 'GitSource.snapshot() called before start()')
    // A missing sub-folder is not an error here: the manifest loader reports it with the path.
    return { paths: [join(this.checkoutDir(sha), this.subPath)], revision: sha, root: this.checkoutDir(sha) }
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    await this.inFlight
  }

  private async validate(): Promise<void> {
    if (isAbsolute(this.subPath) || this.subPath === '..' || this.subPath.startsWith(`..${sep}`)) {
      throw new ReconcilerError('INVALID_INPUT', `Git path "${this.subPath}" is outside the repository`, {
        hint: 'Give a folder relative to the repository root, e.g. deploy/prod, or . for the root.',
      })
    }
    try {
      // The branch ends up in a refspec: reject names git would not accept rather than build an odd refspec.
      await runGit(['check-ref-format', `refs/heads/${this.branch}`], this.ctx, LOCAL_TIMEOUT_MS)
    } catch (err) {
      // Exit code 1 is git's "not a valid name"; anything else (git missing, say) is reported as such.
      if (!(err instanceof GitCommandError && err.exitCode === 1)) throw this.startError(err)
      throw new ReconcilerError('INVALID_INPUT', `"${this.branch}" is not a valid Git branch name`, {
        hint: 'Give a branch name such as main or release/1.2.',
      })
    }
  }

  /** Polls with a timer re-armed after each poll ends, so two polls never overlap. */
  private schedule(onChange: (reason: string) => void, onError: (err: unknown) => void): void {
    if (this.closed) return
    this.timer = setTimeout(() => {
      this.inFlight = this.poll(onChange, onError).finally(() => {
        this.inFlight = undefined
        this.schedule(onChange, onError)
      })
    }, this.intervalMs)
    // Polling alone must not keep the process alive.
    this.timer.unref()
  }

  private async poll(onChange: (reason: string) => void, onError: (err: unknown) => void): Promise<void> {
    try {
      const changed = await this.sync()
      if (changed && !this.closed) onChange(`git ${(this.kept.at(-1) ?? '').slice(0, 7)}`)
    } catch (err) {
      if (!this.closed) onError(err)
    }
  }

  /** Fetches the branch tip; when it moved, checks it out in its own directory. True when the commit changed. */
  private async sync(): Promise<boolean> {
    // Shallow: only the tip's files matter, history would just cost time and disk.
    await this.git(
      [
        'fetch',
        '--quiet',
        '--depth=1',
        '--no-tags',
        '--',
        this.url,
        `+refs/heads/${this.branch}:${FETCHED_REF}`,
      ],
      FETCH_TIMEOUT_MS,
    )
    const sha = (await this.git(['rev-parse', '--verify', `${FETCHED_REF}^{commit}`])).trim()
    if (sha === this.kept.at(-1)) return false
    // A directory per commit never changes once written, so a pass reading the previous one is safe;
    // a tip that moves back to the previous commit reuses its directory.
    if (!this.kept.includes(sha)) {
      await this.git(['worktree', 'add', '--quiet', '--detach', this.checkoutDir(sha), sha])
    }
    this.kept = [...this.kept.filter((s) => s !== sha), sha]
    const stale = this.kept.slice(0, -KEEP)
    this.kept = this.kept.slice(-KEEP)
    for (const old of stale) await rm(this.checkoutDir(old), { recursive: true, force: true })
    if (stale.length > 0) await this.git(['worktree', 'prune'])
    return true
  }

  private checkoutDir(sha: string): string {
    return join(this.checkoutsDir, sha)
  }

  private git(args: readonly string[], timeoutMs = LOCAL_TIMEOUT_MS): Promise<string> {
    return runGit([`--git-dir=${this.repoDir}`, ...args], this.ctx, timeoutMs)
  }

  /** One clear line for the first clone's failure; the git error (already scrubbed) stays as the cause. */
  private startError(err: unknown): ReconcilerError {
    const detail = scrub(errorMessage(err), this.ctx.secrets)
    const url = scrub(this.url, this.ctx.secrets)
    if (/couldn't find remote ref/i.test(detail)) {
      return new ReconcilerError('INVALID_INPUT', `Git branch "${this.branch}" not found in ${url}`, {
        cause: err,
        hint: 'Check the branch name; it must exist on the remote.',
      })
    }
    if (/authentication failed|could not read (username|password)|\b40[13]\b/i.test(detail)) {
      return new ReconcilerError('INVALID_INPUT', `Git remote ${url} refused access: ${detail}`, {
        cause: err,
        hint:
          this.ctx.secrets.length > 0
            ? 'The token in ECS_RECONCILER_GIT_TOKEN was refused: check it is valid and can read the repository.'
            : 'Set ECS_RECONCILER_GIT_TOKEN (and ECS_RECONCILER_GIT_USERNAME if the host needs one) to a token that can read the repository.',
      })
    }
    return new ReconcilerError('INVALID_INPUT', `Cannot clone ${url}#${this.branch}: ${detail}`, {
      cause: err,
      hint: 'Check the URL, that the remote is reachable from here, and that the work directory is writable.',
    })
  }
}
