/**
 * End to end: manifests reached through symbolic links are applied like any other, and a path that
 * cannot be read makes `apply --prune` fail with that path, never delete what it declares.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD
/** storefront is a client nothing depends on: left out of the set, it is only a prune candidate. */
const STOREFRONT = join(ws.manifests, 'storefront.yaml')
const STORE = join(ws.dir, 'store')

const applyPrune = () => runCli(['apply', ws.manifests, ...local, '--prune', '--output', 'json'], { env })
const deletes = (stdout: string): string[] =>
  stdout.trim() === ''
    ? []
    : (JSON.parse(stdout) as { results: { name: string; action: string }[] }).results
        .filter((r) => r.action === 'delete')
        .map((r) => r.name)
/** The plan's exit code with a plain copy of the storefront manifest in place (0: storefront is live and unchanged). */
async function planWithPlainStorefront(): Promise<number | null> {
  copyFileSync(join(STORE, 'storefront.yaml'), STOREFRONT)
  try {
    return (await runCli(['plan', ws.manifests, ...local, '--detailed-exitcode'], { env })).code
  } finally {
    rmSync(STOREFRONT)
  }
}

beforeAll(async () => {
  const first = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms'], { env })
  expect(first.code, first.stdout + first.stderr).toBe(0)
  mkdirSync(join(STORE, 'team'), { recursive: true })
  renameSync(STOREFRONT, join(STORE, 'storefront.yaml'))
}, 180_000)
afterAll(() => ws.cleanup())

/** Puts the storefront manifest behind `arrange`, runs `apply --prune`, and puts the plain file back. */
async function applyWith(arrange: () => void): Promise<Awaited<ReturnType<typeof runCli>>> {
  // Each case starts with storefront live: with a plain copy of its manifest the plan changes nothing.
  expect(await planWithPlainStorefront()).toBe(0)
  arrange()
  try {
    return await applyPrune()
  } finally {
    for (const path of [STOREFRONT, join(ws.manifests, 'team')]) {
      rmSync(path, { force: true, recursive: true })
    }
  }
}

describe('apply --prune on manifests behind symbolic links', () => {
  it('a link to the file: nothing to delete, nothing to change', async () => {
    const r = await applyWith(() => symlinkSync(join(STORE, 'storefront.yaml'), STOREFRONT))
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(deletes(r.stdout)).toEqual([])
  }, 120_000)

  it('a link to a folder holding the file: nothing to delete', async () => {
    const r = await applyWith(() => {
      renameSync(join(STORE, 'storefront.yaml'), join(STORE, 'team/storefront.yaml'))
      symlinkSync(join(STORE, 'team'), join(ws.manifests, 'team'))
    })
    renameSync(join(STORE, 'team/storefront.yaml'), join(STORE, 'storefront.yaml'))
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(deletes(r.stdout)).toEqual([])
  }, 120_000)

  it.each([
    ['a dangling link', () => symlinkSync(join(STORE, 'gone.yaml'), STOREFRONT), /dangling symbolic link/],
    [
      'a link loop',
      () => {
        symlinkSync(STOREFRONT, join(ws.manifests, 'team'))
        symlinkSync(join(ws.manifests, 'team'), STOREFRONT)
      },
      /symbolic link loop/,
    ],
    // Tests run as root, for whom chmod 000 changes nothing: a FIFO is a file no one can read as YAML.
    ['a FIFO in place of the file', () => execFileSync('mkfifo', [STOREFRONT]), /not a regular file/],
    [
      'bytes that are not UTF-8',
      () => writeFileSync(STOREFRONT, Buffer.from([0x6b, 0x3a, 0xe9, 0x0a])),
      /UTF-8/,
    ],
  ])(
    '%s: exit 1 naming the path, and nothing is deleted',
    async (_what, arrange, message) => {
      const r = await applyWith(arrange)
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('storefront.yaml')
      expect(r.stderr).toMatch(message)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(deletes(r.stdout)).toEqual([])
    },
    120_000,
  )

  it('plan --prune on a set with an unreadable path shows what it can and says why nothing is pruned (exit 1)', async () => {
    symlinkSync(join(STORE, 'gone.yaml'), STOREFRONT)
    try {
      const plan = (output: string) =>
        runCli(['plan', ws.manifests, ...local, '--prune', '--output', output], { env })
      const json = await plan('json')
      expect(json.code).toBe(1)
      expect(json.stderr).toContain('file/unreadable')
      const body = JSON.parse(json.stdout) as {
        prune: { blockedReason?: string; blocked: { name: string }[] }
        actions: { action: string }[]
      }
      expect(body.prune.blockedReason).toBe(
        'some manifests failed to load: nothing is pruned until they are fixed',
      )
      expect(body.prune.blocked.map((b) => b.name)).toEqual(['storefront'])
      expect(body.actions.filter((a) => a.action === 'delete')).toEqual([])
      const text = await plan('text')
      expect(text.code).toBe(1)
      expect(text.stdout).toContain('deletes blocked — some manifests failed to load')
      const markdown = await plan('markdown')
      expect(markdown.code).toBe(1)
      expect(markdown.stdout).toContain('**Deletes blocked:** some manifests failed to load')
    } finally {
      rmSync(STOREFRONT)
    }
  }, 120_000)

  it('after all of them, storefront is still live', async () => {
    expect(await planWithPlainStorefront()).toBe(0)
  }, 60_000)
})
