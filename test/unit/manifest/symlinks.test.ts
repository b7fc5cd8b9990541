/**
 * The loader follows symbolic links (a Kubernetes ConfigMap mount and many Git checkouts are made of
 * them), reads each real file once, skips dot-named entries, and turns every path it cannot read
 * into an error naming that path: a skipped file would look like a deleted resource to prune.
 */
import { execFileSync } from 'node:child_process'
import * as nodeFs from 'node:fs/promises'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readManifestFiles, type LoaderFs } from '../../../src/manifest/load/read-files.js'
import { loadManifests } from '../../../src/manifest/validate.js'

const namespace = (name: string) =>
  `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ${name}\nspec: {}\n`

let root: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'loader-links-'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const write = (path: string, text: string): string => {
  mkdirSync(join(root, path, '..'), { recursive: true })
  writeFileSync(join(root, path), text)
  return join(root, path)
}
const link = (target: string, path: string): void => {
  mkdirSync(join(root, path, '..'), { recursive: true })
  symlinkSync(target, join(root, path))
}
const load = (path = 'manifests') => loadManifests([path], { cwd: root })
const names = (result: Awaited<ReturnType<typeof load>>) => result.set.byKind.Namespace.map((n) => n.name)
const problems = (result: Awaited<ReturnType<typeof load>>) =>
  result.issues.map((i) => [i.ruleId, i.severity, i.position.file] as const)

describe('symbolic links', () => {
  it('a link to a file is loaded, under the name it has in the folder', async () => {
    write('store/a.yaml', namespace('a'))
    link('../store/a.yaml', 'manifests/a.yaml')
    const result = await load()
    expect(problems(result)).toEqual([])
    expect(names(result)).toEqual(['a'])
    expect(result.files).toEqual(['manifests/a.yaml'])
  })

  it('a link to a folder is walked', async () => {
    write('store/team/b.yaml', namespace('b'))
    write('manifests/a.yaml', namespace('a'))
    link('../store/team', 'manifests/team')
    const result = await load()
    expect(problems(result)).toEqual([])
    expect(names(result)).toEqual(['a', 'b'])
    expect(result.files).toEqual(['manifests/a.yaml', 'manifests/team/b.yaml'])
  })

  it('each real file is read once, however many links lead to it', async () => {
    write('manifests/a.yaml', namespace('a'))
    link('a.yaml', 'manifests/also-a.yaml')
    link('.', 'manifests/again')
    const result = await load()
    // Read twice, `a` would be a duplicate name.
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(names(result)).toEqual(['a'])
    expect(result.files).toEqual(['manifests/a.yaml'])
  })

  it('a ConfigMap mount (..data links, dot-named folders) loads every file once', async () => {
    write('manifests/..2026_12_04_10_00_00.123/a.yaml', namespace('a'))
    write('manifests/..2026_12_04_10_00_00.123/b.yml', namespace('b'))
    link('..2026_12_04_10_00_00.123', 'manifests/..data')
    link('..data/a.yaml', 'manifests/a.yaml')
    link('..data/b.yml', 'manifests/b.yml')
    const result = await load()
    expect(problems(result)).toEqual([])
    expect(names(result)).toEqual(['a', 'b'])
    expect(result.files).toEqual(['manifests/a.yaml', 'manifests/b.yml'])
  })

  it('dot-named files and folders are skipped', async () => {
    write('manifests/a.yaml', namespace('a'))
    write('manifests/.draft.yaml', namespace('draft'))
    write('manifests/.old/b.yaml', namespace('b'))
    expect(names(await load())).toEqual(['a'])
  })

  it('a dangling link is an error that names the link and its target', async () => {
    write('manifests/a.yaml', namespace('a'))
    link('../store/gone.yaml', 'manifests/gone.yaml')
    const result = await load()
    expect(problems(result)).toEqual([['file/unreadable', 'error', 'manifests/gone.yaml']])
    expect(result.issues[0]?.message).toMatch(/dangling symbolic link.*store\/gone\.yaml/)
    expect(result.ok).toBe(false)
  })

  it('a dangling link to what could be a folder is an error too', async () => {
    link('../store/team', 'manifests/team')
    const result = await load()
    expect(problems(result)).toEqual([['file/unreadable', 'error', 'manifests/team']])
  })

  it('links that lead to each other are an error, not a hang', async () => {
    link('b.yaml', 'manifests/a.yaml')
    link('a.yaml', 'manifests/b.yaml')
    const result = await load()
    expect(problems(result)).toEqual([
      ['file/unreadable', 'error', 'manifests/a.yaml'],
      ['file/unreadable', 'error', 'manifests/b.yaml'],
    ])
    expect(result.issues[0]?.message).toMatch(/symbolic link loop/)
  })

  it('a link to a folder above it is reported as a loop and its files are read once', async () => {
    write('manifests/a.yaml', namespace('a'))
    link('..', 'manifests/sub/up')
    const result = await load()
    expect(problems(result)).toEqual([['file/symlink-loop', 'warning', 'manifests/sub/up']])
    expect(names(result)).toEqual(['a'])
    expect(result.ok).toBe(true)
  })

  it('a FIFO named like a manifest is an error, not a read that never ends', async () => {
    write('manifests/a.yaml', namespace('a'))
    mkdirSync(join(root, 'manifests'), { recursive: true })
    execFileSync('mkfifo', [join(root, 'manifests/pipe.yaml')])
    const result = await load()
    expect(problems(result)).toEqual([['file/unreadable', 'error', 'manifests/pipe.yaml']])
    expect(result.issues[0]?.message).toMatch(/not a regular file/)
  })

  it('a link to a file that is not UTF-8 is an error naming the link', async () => {
    mkdirSync(join(root, 'store'), { recursive: true })
    writeFileSync(
      join(root, 'store/latin1.yaml'),
      Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]),
    )
    link('../store/latin1.yaml', 'manifests/latin1.yaml')
    const result = await load()
    expect(problems(result)).toEqual([['file/invalid-utf8', 'error', 'manifests/latin1.yaml']])
  })
})

/** Errors root cannot provoke on a real disk (tests run as root): a file system that fails on cue. */
function failingFs(fail: { op: keyof LoaderFs; path: string; code: string }): LoaderFs {
  const real: LoaderFs = nodeFs
  const guard =
    <A extends unknown[], R>(op: keyof LoaderFs, fn: (path: string, ...rest: A) => Promise<R>) =>
    async (path: string, ...rest: A): Promise<R> => {
      if (op === fail.op && String(path).endsWith(fail.path)) {
        throw Object.assign(new Error(`${fail.code}: injected, ${op} '${path}'`), { code: fail.code })
      }
      return fn(path, ...rest)
    }
  return {
    ...real,
    readFile: guard('readFile', (p: string) => real.readFile(p)),
    readdir: guard('readdir', (p: string, o: { withFileTypes: true }) => real.readdir(p, o)),
  } as LoaderFs
}

describe('paths that cannot be read', () => {
  it.each([
    ['readFile', 'a.yaml', 'EACCES', /permission denied/],
    ['readFile', 'a.yaml', 'EIO', /I\/O error/],
    ['readdir', 'team', 'EACCES', /permission denied/],
  ] as const)('%s failing with %s on %s is an error naming the path', async (op, path, code, message) => {
    write('manifests/a.yaml', namespace('a'))
    write('manifests/team/b.yaml', namespace('b'))
    write('manifests/c.yaml', namespace('c'))
    const result = await readManifestFiles(['manifests'], root, failingFs({ op, path, code }))
    expect(result.issues.map((i) => [i.ruleId, i.severity, i.position.file])).toEqual([
      ['file/unreadable', 'error', `manifests/${path}`],
    ])
    expect(result.issues[0]?.message).toMatch(message)
    // The other files are still read: every problem is reported at once.
    expect(result.files.map((f) => f.file)).toContain('manifests/c.yaml')
  })

  it.skipIf(process.getuid?.() === 0)(
    'chmod 000 is an error (not run as root: root reads it anyway)',
    async () => {
      const file = write('manifests/a.yaml', namespace('a'))
      await nodeFs.chmod(file, 0o000)
      const result = await load()
      expect(problems(result)).toEqual([['file/unreadable', 'error', 'manifests/a.yaml']])
    },
  )
})
