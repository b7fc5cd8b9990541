/** GitSource against real local repositories and the real git CLI. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GitSource, type GitSourceOptions } from '../../../src/daemon/sources/git.js'
import { loadManifests } from '../../../src/manifest/validate.js'
import { gitContext, scrub } from '../../../src/daemon/sources/git-cli.js'
import { ReconcilerError } from '../../../src/shared/errors.js'
import { examplesSnapshot } from '../../support/example.js'
import { untilTrue } from '../../support/poll.js'

/** CI has no git identity and may run inside a hook that sets GIT_DIR: give the test's own git commands a clean one. */
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

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
  }).trim()
}

const temps: string[] = []
const sources: GitSource[] = []

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()))
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'git-source-'))
  temps.push(dir)
  return dir
}

/** A bare "remote" and a working clone to push commits from. */
function makeRemote(): { bare: string; commit: (files: Record<string, string>) => string } {
  const root = tempDir()
  const bare = join(root, 'remote.git')
  const work = join(root, 'work')
  git(root, 'init', '--bare', '--quiet', bare)
  git(root, 'init', '--quiet', work)
  const commit = (files: Record<string, string>): string => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(work, name, '..'), { recursive: true })
      writeFileSync(join(work, name), text)
    }
    git(work, 'add', '-A')
    git(work, 'commit', '--quiet', '-m', 'change')
    git(work, 'push', '--quiet', bare, 'HEAD:refs/heads/main')
    return git(work, 'rev-parse', 'HEAD')
  }
  return { bare, commit }
}

/** Starts a source on `url`, recording what it reports. */
async function startRecording(url: string): Promise<{ s: GitSource; changes: string[]; errors: unknown[] }> {
  const changes: string[] = []
  const errors: unknown[] = []
  const s = source({ url })
  await s.start(
    (reason) => changes.push(reason),
    (err) => errors.push(err),
  )
  return { s, changes, errors }
}

function source(options: Partial<GitSourceOptions> & { url: string }): GitSource {
  const s = new GitSource({
    branch: 'main',
    path: 'deploy',
    intervalMs: 100,
    workDir: join(tempDir(), 'work'),
    ...options,
  })
  sources.push(s)
  return s
}

const noop = (): void => {}

async function rejection(p: Promise<unknown>): Promise<ReconcilerError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ReconcilerError)
  return err as ReconcilerError
}

describe('GitSource', () => {
  it.each([
    ['a local path', (bare: string) => bare],
    ['a file:// URL', (bare: string) => `file://${bare}`],
  ])('start on %s gives the tip commit and the sub-folder', async (_label, toUrl) => {
    const remote = makeRemote()
    const sha = remote.commit({ 'deploy/app.yaml': 'kind: Service\n', 'README.md': 'hi\n' })
    const s = source({ url: toUrl(remote.bare) })
    await s.start(noop, noop)

    const snap = s.snapshot()
    expect(snap.revision).toBe(sha)
    expect(snap.revision).toMatch(/^[0-9a-f]{40}$/)
    expect(snap.paths).toHaveLength(1)
    expect(snap.paths[0]).toMatch(/[\\/]deploy$/)
    expect(readFileSync(join(snap.paths[0]!, 'app.yaml'), 'utf8')).toBe('kind: Service\n')
  })

  it('checks out an environment folder whose bases sit elsewhere in the repository, and it loads', async () => {
    const remote = makeRemote()
    const example = join(examplesSnapshot(), 'environments')
    const files: Record<string, string> = {}
    for (const file of [
      'base/api.yaml',
      'base/cluster.yaml',
      'envs/prod/api.yaml',
      'envs/prod/environment.yaml',
      'envs/prod/terraform.tfstate',
    ]) {
      files[file] = readFileSync(join(example, file), 'utf8')
    }
    remote.commit(files)
    const s = source({ url: remote.bare, path: 'envs/prod' })
    await s.start(noop, noop)
    const loaded = await loadManifests(s.snapshot().paths)
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(loaded.environment?.instance).toBe('web-prod')
    expect(loaded.set.resources.map((r) => r.id).sort()).toEqual(['Cluster/web', 'Service/web/api'])
  })

  it('a pushed commit triggers onChange and a new snapshot, leaving the previous one intact', async () => {
    const remote = makeRemote()
    const first = remote.commit({ 'deploy/app.yaml': 'v1\n' })
    const { s, changes, errors } = await startRecording(remote.bare)
    const before = s.snapshot()

    const second = remote.commit({ 'deploy/app.yaml': 'v2\n' })
    await untilTrue('a change', () => changes.length > 0)

    expect(changes).toEqual([`git ${second.slice(0, 7)}`])
    const after = s.snapshot()
    expect(after.revision).toBe(second)
    expect(readFileSync(join(after.paths[0]!, 'app.yaml'), 'utf8')).toBe('v2\n')
    expect(before.revision).toBe(first)
    expect(after.paths[0]).not.toBe(before.paths[0])
    expect(readFileSync(join(before.paths[0]!, 'app.yaml'), 'utf8')).toBe('v1\n')
    expect(errors).toEqual([])
  })

  it('keeps only the current and previous checkouts', async () => {
    const remote = makeRemote()
    remote.commit({ 'deploy/app.yaml': 'v1\n' })
    const changes: string[] = []
    const s = source({ url: remote.bare })
    await s.start((reason) => changes.push(reason), noop)
    const snaps = [s.snapshot()]
    for (const v of ['v2', 'v3']) {
      const n = changes.length
      remote.commit({ 'deploy/app.yaml': `${v}\n` })
      await untilTrue('another change', () => changes.length > n)
      snaps.push(s.snapshot())
    }
    expect(snaps.map((x) => existsSync(x.paths[0]!))).toEqual([false, true, true])
  })

  it('points at a missing sub-folder without throwing', async () => {
    const remote = makeRemote()
    remote.commit({ 'other/app.yaml': 'x\n' })
    const s = source({ url: remote.bare, path: 'deploy/prod' })
    await s.start(noop, noop)
    const path = s.snapshot().paths[0]!
    expect(path).toMatch(/deploy[\\/]prod$/)
    expect(existsSync(path)).toBe(false)
  })

  it('a missing sub-folder is reported by its repository path, never the checkout folder', async () => {
    const remote = makeRemote()
    remote.commit({ 'other/app.yaml': 'x\n' })
    const workDir = tempDir()
    const s = source({ url: remote.bare, path: 'deploy/prod', workDir })
    await s.start(noop, noop)
    const snapshot = s.snapshot()
    const loaded = await loadManifests(snapshot.paths, {
      defaultCluster: 'default',
      ...(snapshot.root ? { cwd: snapshot.root } : {}),
    })
    const issue = loaded.issues.find((i) => i.ruleId === 'file/not-found')
    expect(issue?.position.file).toBe(join('deploy', 'prod'))
    expect(JSON.stringify(loaded.issues)).not.toContain(workDir)
  })

  it('an unknown branch rejects with a ReconcilerError naming the branch', async () => {
    const remote = makeRemote()
    remote.commit({ 'deploy/app.yaml': 'v1\n' })
    const err = await rejection(source({ url: remote.bare, branch: 'no-such-branch' }).start(noop, noop))
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.message).toContain('no-such-branch')
    expect(err.message).not.toContain('\n')
    expect(err.hint).toBeTruthy()
  })

  it('an unreachable https remote rejects without the token in the message', async () => {
    const token = 'ghp_SECRET0123456789'
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64')
    const s = source({ url: 'https://127.0.0.1:9/repo.git', env: { ECS_RECONCILER_GIT_TOKEN: token } })
    const err = await rejection(s.start(noop, noop))
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.message).toContain('127.0.0.1')
    const everything = `${err.message} ${err.hint ?? ''} ${String((err.cause as Error | undefined)?.message)} ${s.description}`
    expect(everything).not.toContain(token)
    expect(everything).not.toContain(basic)
  })

  it('a failed poll calls onError and polling goes on', async () => {
    const remote = makeRemote()
    remote.commit({ 'deploy/app.yaml': 'v1\n' })
    const { s, changes, errors } = await startRecording(remote.bare)
    git(remote.bare, 'update-ref', '-d', 'refs/heads/main')
    await untilTrue('an error', () => errors.length > 0)
    expect(String(errors[0])).toMatch(/main/)
    const next = remote.commit({ 'deploy/app.yaml': 'v2\n' })
    await untilTrue('the next revision', () => s.snapshot().revision === next)
    expect(changes).toEqual([`git ${next.slice(0, 7)}`])
  })

  it('close() stops polling', async () => {
    const remote = makeRemote()
    remote.commit({ 'deploy/app.yaml': 'v1\n' })
    const changes: string[] = []
    const workDir = join(tempDir(), 'work')
    const s = source({ url: remote.bare, workDir })
    // Fake timers for the poll timer only: git itself runs for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      await s.start((reason) => changes.push(reason), noop)
      expect(vi.getTimerCount()).toBe(1)
      await s.close()
      await s.close()
      // Not merely silenced: no poll is left to run.
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
    expect(changes).toEqual([])
  })
})

describe('git credentials', () => {
  it('sends the token as a Basic header through the environment, for https only', () => {
    const ctx = gitContext('https://host/repo.git', {
      ECS_RECONCILER_GIT_TOKEN: 'tok',
      ECS_RECONCILER_GIT_USERNAME: 'bot',
    })
    expect(ctx.env.GIT_TERMINAL_PROMPT).toBe('0')
    expect(ctx.env.GIT_CONFIG_COUNT).toBe('1')
    expect(ctx.env.GIT_CONFIG_KEY_0).toBe('http.extraHeader')
    expect(ctx.env.GIT_CONFIG_VALUE_0).toBe(
      `Authorization: Basic ${Buffer.from('bot:tok').toString('base64')}`,
    )
    expect(ctx.env.ECS_RECONCILER_GIT_TOKEN).toBeUndefined()

    const defaultUser = gitContext('https://host/repo.git', { ECS_RECONCILER_GIT_TOKEN: 'tok' })
    expect(defaultUser.env.GIT_CONFIG_VALUE_0).toBe(
      `Authorization: Basic ${Buffer.from('x-access-token:tok').toString('base64')}`,
    )

    for (const url of ['http://host/repo.git', 'file:///srv/repo.git', '/srv/repo.git']) {
      expect(gitContext(url, { ECS_RECONCILER_GIT_TOKEN: 'tok' }).env.GIT_CONFIG_VALUE_0).toBeUndefined()
    }
  })

  it('scrubs secrets and URL credentials', () => {
    const { secrets } = gitContext('https://host/r.git', { ECS_RECONCILER_GIT_TOKEN: 'tok123' })
    const basic = Buffer.from('x-access-token:tok123').toString('base64')
    const text = `fatal: unable to access 'https://me:p@ss@host/r.git/': tok123 Authorization: Basic ${basic}`
    const out = scrub(text, secrets)
    expect(out).not.toContain('tok123')
    expect(out).not.toContain(basic)
    expect(out).not.toContain('p@ss')
    expect(out).toContain('https://***@host/r.git/')
  })

  it.each([
    ['https://host/repo.git?access_token=abc123', 'https://host/repo.git?access_token=***'],
    ['https://host/repo.git?token=abc123&ref=main', 'https://host/repo.git?token=***&ref=main'],
    [
      'https://host/repo.git?ref=main&private_token=abc123#frag',
      'https://host/repo.git?ref=main&private_token=***#frag',
    ],
    [
      "fatal: unable to access 'https://host/r.git?oauth_token=abc123/': 403",
      "fatal: unable to access 'https://host/r.git?oauth_token=***': 403",
    ],
    [
      'https://host/r.git?X-Amz-Security-Token=abc123&X-Amz-Signature=abc123',
      'https://host/r.git?X-Amz-Security-Token=***&X-Amz-Signature=***',
    ],
  ])('scrubs a token in a URL query string: %s', (text, want) => {
    expect(scrub(text, [])).toBe(want)
  })

  it('keeps a query-string token out of the source description and start errors', async () => {
    const s = source({ url: 'https://127.0.0.1:9/repo.git?access_token=qs-SECRET-42' })
    expect(s.description).toContain('access_token=***')
    const err = await rejection(s.start(noop, noop))
    const everything = `${err.message} ${err.hint ?? ''} ${String((err.cause as Error | undefined)?.message)} ${s.description}`
    expect(everything).not.toContain('qs-SECRET-42')
  })
})
