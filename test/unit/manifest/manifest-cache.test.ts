/** The daemon's manifest cache: unchanged files are not parsed again, and results equal an uncached load. */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ManifestCache } from '../../../src/manifest/manifest-cache.js'
import { loadManifests, type ValidationResult } from '../../../src/manifest/validate.js'
import { EXAMPLES_DIR } from '../../support/manifests.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'manifest-cache-'))
  cpSync(EXAMPLES_DIR, dir, { recursive: true })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Everything a caller sees of a load, as plain data. */
const view = (r: ValidationResult) => ({
  ok: r.ok,
  issues: r.issues,
  files: r.files,
  resources: r.set.resources.map((x) => ({
    id: x.id,
    metadata: x.metadata,
    spec: x.spec,
    file: x.source.file,
    at: x.source.positionOf(['spec']),
  })),
  edges: r.graph.edges,
  graph: r.graph.graph,
})
const edit = (file: string, from: string, to: string) =>
  writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to))

describe('manifest cache', () => {
  it('a second load of unchanged files parses none of them, with the same result', async () => {
    const cache = new ManifestCache()
    const first = await loadManifests([dir], { cache })
    const files = first.files.length
    expect(cache.stats()).toEqual({ parsed: files, reused: 0 })
    const second = await loadManifests([dir], { cache })
    expect(cache.stats()).toEqual({ parsed: files, reused: files })
    expect(view(second)).toEqual(view(await loadManifests([dir])))
  })

  it('a changed file is parsed again, and only that one', async () => {
    const cache = new ManifestCache()
    const first = await loadManifests([dir], { cache })
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const second = await loadManifests([dir], { cache })
    expect(cache.stats()).toEqual({ parsed: first.files.length + 1, reused: first.files.length - 1 })
    expect(view(second)).toEqual(view(await loadManifests([dir])))
    expect(JSON.stringify(second.set.byKind.Service.find((s) => s.name === 'orders')?.spec)).toContain(
      'orders:1.4.3',
    )
  })

  it('cross-file rules still run on the whole set: breaking one file changes issues found in another', async () => {
    const cache = new ManifestCache()
    await loadManifests([dir], { cache })
    // ledger's name changes: payments (unchanged, from the cache) now names an unknown service.
    edit('ledger.yaml', 'name: ledger', 'name: ledger2')
    const result = await loadManifests([dir], { cache })
    expect(
      result.issues.some((i) => i.ruleId === 'ref/service' && i.position.file.endsWith('payments.yaml')),
    ).toBe(true)
    expect(view(result)).toEqual(view(await loadManifests([dir])))
  })

  it('invalid files are cached with their issues, and deleted files are forgotten', async () => {
    const cache = new ManifestCache()
    edit('orders.yaml', 'desiredCount: 2', 'desiredCount: two')
    const first = await loadManifests([dir], { cache })
    expect(first.ok).toBe(false)
    const second = await loadManifests([dir], { cache })
    expect(view(second)).toEqual(view(first))
    const before = cache.size
    unlinkSync(join(dir, 'chaos.yaml'))
    const third = await loadManifests([dir], { cache })
    expect(cache.size).toBe(before - 1)
    expect(view(third)).toEqual(view(await loadManifests([dir])))
  })

  it('a different default cluster is not served from the cache', async () => {
    const cache = new ManifestCache()
    await loadManifests([dir], { cache, defaultCluster: 'a' })
    const other = await loadManifests([dir], { cache, defaultCluster: 'b' })
    expect(view(other)).toEqual(view(await loadManifests([dir], { defaultCluster: 'b' })))
  })

  it('a load in which no file changed returns the previous whole result; any change makes a new one', async () => {
    const cache = new ManifestCache()
    const first = await loadManifests([dir], { cache })
    const second = await loadManifests([dir], { cache })
    expect(second).toBe(first)
    edit('orders.yaml', 'orders:1.4.2', 'orders:1.4.3')
    const third = await loadManifests([dir], { cache })
    expect(third).not.toBe(first)
    expect(view(third)).toEqual(view(await loadManifests([dir])))
    unlinkSync(join(dir, 'chaos.yaml'))
    const fourth = await loadManifests([dir], { cache })
    expect(fourth.set.byKind.ChaosSchedule).toHaveLength(0)
    expect(view(fourth)).toEqual(view(await loadManifests([dir])))
  })
})
