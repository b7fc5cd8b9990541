/** The loader does not read again a file whose stat (size, mtime, ctime, inode) is unchanged since the last load. */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import * as nodeFs from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { readManifestFiles, type KnownTexts, type LoaderFs } from '../../../src/manifest/load/read-files.js'
import { EXAMPLES_DIR } from '../../support/manifests.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-files-reuse-'))
  cpSync(EXAMPLES_DIR, dir, { recursive: true })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The real file system, counting reads by file name. */
function countingFs(): { fs: LoaderFs; reads: string[] } {
  const reads: string[] = []
  const fs: LoaderFs = {
    ...nodeFs,
    readFile: ((path: string) => {
      reads.push(String(path).split('/').pop() ?? '')
      return nodeFs.readFile(path)
    }) as LoaderFs['readFile'],
  }
  return { fs, reads }
}

it('reads every file once, then none while nothing changes, then only a changed one (even at the same size)', async () => {
  const known: KnownTexts = new Map()
  const { fs, reads } = countingFs()
  const first = await readManifestFiles([dir], dir, fs, known)
  expect(reads).toHaveLength(first.files.length)
  reads.length = 0
  const second = await readManifestFiles([dir], dir, fs, known)
  expect(reads).toEqual([])
  expect(second).toEqual(first)
  const orders = join(dir, 'orders.yaml')
  const before = readFileSync(orders, 'utf8')
  writeFileSync(orders, before.replace('orders:1.4.2', 'orders:1.4.3'))
  const third = await readManifestFiles([dir], dir, fs, known)
  expect(reads).toEqual(['orders.yaml'])
  expect(third.files.find((f) => f.file === 'orders.yaml')?.text).toContain('orders:1.4.3')
})

it('a file replaced by another (a new inode, as an editor or git writes it) is read again', async () => {
  const known: KnownTexts = new Map()
  const { fs, reads } = countingFs()
  await readManifestFiles([dir], dir, fs, known)
  reads.length = 0
  const orders = join(dir, 'orders.yaml')
  writeFileSync(`${orders}.new`, readFileSync(orders, 'utf8'))
  renameSync(`${orders}.new`, orders)
  await readManifestFiles([dir], dir, fs, known)
  expect(reads).toEqual(['orders.yaml'])
})

it('without known texts, or on a file system whose stat lacks times and inodes, every load reads every file', async () => {
  const { fs, reads } = countingFs()
  const files = (await readManifestFiles([dir], dir, fs)).files.length
  await readManifestFiles([dir], dir, fs)
  expect(reads).toHaveLength(2 * files)
  reads.length = 0
  const sizeOnly: LoaderFs = {
    ...fs,
    stat: (async (path: string) => {
      const real = await nodeFs.stat(path)
      // The same Stats (isFile, isDirectory, size), less what the stamp needs.
      return Object.assign(Object.create(Object.getPrototypeOf(real) as object) as object, real, {
        mtimeMs: undefined,
        ctimeMs: undefined,
        ino: undefined,
      })
    }) as unknown as LoaderFs['stat'],
  }
  const known: KnownTexts = new Map()
  await readManifestFiles([dir], dir, sizeOnly, known)
  await readManifestFiles([dir], dir, sizeOnly, known)
  expect(reads).toHaveLength(2 * files)
})
