/**
 * The example manifests as tests see them: a private copy in a temporary folder, taken from the
 * committed version (Git HEAD) when the repository is a Git checkout. The README invites users to
 * edit manifests/examples/shop and watch the daemon react; such edits must not change what
 * `npm test` checks. Outside a Git checkout (a source tarball) the working copy is used.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
const EXAMPLES = 'manifests/examples'

let snapshot: string | undefined

/** A folder holding `shop/` (and any other example), identical to manifests/examples at Git HEAD. */
export function examplesSnapshot(): string {
  if (snapshot) return snapshot
  const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-examples-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  if (!copyCommitted(REPO_ROOT, EXAMPLES, dir)) cpSync(join(REPO_ROOT, EXAMPLES), dir, { recursive: true })
  snapshot = dir
  return dir
}

/**
 * The committed shop example's base (manifests/examples/shop/base), in the temporary copy: a complete
 * manifest set on its own, which most tests plan and apply.
 */
export function shopExampleDir(): string {
  return join(examplesSnapshot(), 'shop', 'base')
}

/** The whole shop example (base/ and envs/staging, envs/prod), in the temporary copy. */
export function shopExampleRoot(): string {
  return join(examplesSnapshot(), 'shop')
}

/** A hook running the tests may set these; they would point git at another repository. */
function cleanGitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name]
  return env
}

/**
 * Writes the files under `folder` as committed at HEAD of the repository at `repo` into `target`.
 * False when `repo` is not a Git checkout or HEAD holds nothing there.
 */
export function copyCommitted(repo: string, folder: string, target: string): boolean {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repo, ...args], {
      env: cleanGitEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
  let files: string[]
  try {
    files = git('ls-tree', '-r', '--name-only', '--full-tree', 'HEAD', '--', folder)
      .split('\n')
      .filter(Boolean)
  } catch {
    return false
  }
  if (files.length === 0) return false
  for (const file of files) {
    const out = join(target, file.slice(folder.length + 1))
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(
      out,
      execFileSync('git', ['-C', repo, 'show', `HEAD:${file}`], {
        env: cleanGitEnv(),
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    )
  }
  return true
}
