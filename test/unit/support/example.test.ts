/** The tests' copy of the examples: the committed files, whatever the working copy holds. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { REPO_ROOT, copyCommitted, shopExampleDir } from '../../support/example.js'

const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
  GIT_INDEX_FILE: undefined,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
}
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env: GIT_ENV, encoding: 'utf8' })

const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'example-copy-'))
  temps.push(dir)
  return dir
}

describe('the examples as tests see them', () => {
  it('are the committed files even after a user edits, adds or removes one in the working copy', () => {
    const repo = tempDir()
    git(repo, 'init', '-q')
    mkdirSync(join(repo, 'manifests/examples/shop'), { recursive: true })
    writeFileSync(join(repo, 'manifests/examples/shop/orders.yaml'), 'image: orders:1.4.2\n')
    writeFileSync(join(repo, 'manifests/examples/shop/ledger.yaml'), 'image: ledger:1.4.2\n')
    git(repo, 'add', '-A')
    git(repo, 'commit', '-q', '-m', 'example')
    // What the README invites: edit a file of the example and watch the daemon.
    writeFileSync(join(repo, 'manifests/examples/shop/orders.yaml'), 'image: orders:9.9.9\n')
    writeFileSync(join(repo, 'manifests/examples/shop/extra.yaml'), 'kind: Service\n')
    rmSync(join(repo, 'manifests/examples/shop/ledger.yaml'))

    const target = tempDir()
    expect(copyCommitted(repo, 'manifests/examples', target)).toBe(true)
    expect(readdirSync(join(target, 'shop')).sort()).toEqual(['ledger.yaml', 'orders.yaml'])
    expect(readFileSync(join(target, 'shop/orders.yaml'), 'utf8')).toBe('image: orders:1.4.2\n')
  })

  it('outside a Git checkout, there is nothing committed to copy (the working copy is used instead)', () => {
    expect(copyCommitted(tempDir(), 'manifests/examples', tempDir())).toBe(false)
  })

  it('the shop example the tests use is a private copy, equal to HEAD of this repository', () => {
    const dir = shopExampleDir()
    expect(dir.startsWith(REPO_ROOT)).toBe(false)
    const files = readdirSync(dir).sort()
    expect(files).toContain('orders.yaml')
    for (const file of files) {
      expect(readFileSync(join(dir, file), 'utf8')).toBe(
        git(REPO_ROOT, 'show', `HEAD:manifests/examples/shop/base/${file}`),
      )
    }
  })
})
