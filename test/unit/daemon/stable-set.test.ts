/** Between daemon passes, a resource whose manifest did not change keeps its object; one that changed does not. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { keepUnchanged, resourceFingerprints } from '../../../src/daemon/stable-set.js'
import { ManifestCache } from '../../../src/manifest/manifest-cache.js'
import { buildManifestSet, type ManifestResource, type ManifestSet } from '../../../src/manifest/model.js'
import { loadManifests } from '../../../src/manifest/validate.js'

const service = (name: string, image: string) => `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: ${name}
spec:
  desiredCount: 1
  networkConfiguration:
    awsvpcConfiguration:
      subnets: [subnet-0a1b2c3d]
  taskDefinition:
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: ${image}
`

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** Loads the folder as the daemon does each pass: one cache across passes, the previous set kept. */
function passes() {
  const cache = new ManifestCache()
  let previous: { set: ManifestSet; fingerprints: ReadonlyMap<string, string> } | undefined
  return async (): Promise<ManifestSet> => {
    const loaded = await loadManifests([dir ?? ''], { defaultCluster: 'main', cache })
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues))
    const fingerprints = resourceFingerprints(loaded.set)
    const set = keepUnchanged({ set: loaded.set, fingerprints }, previous)
    previous = { set, fingerprints }
    return set
  }
}

const byName = (set: ManifestSet, name: string) => set.byKind.Service.find((s) => s.name === name)

describe('keepUnchanged', () => {
  it('keeps the object of an unchanged manifest and replaces the one of an edited manifest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-stable-set-'))
    writeFileSync(join(dir, 'a.yaml'), service('a', 'nginx:1'))
    writeFileSync(join(dir, 'b.yaml'), service('b', 'nginx:1'))
    const pass = passes()
    const first = await pass()
    const second = await pass()
    expect(byName(second, 'a')).toBe(byName(first, 'a'))
    expect(byName(second, 'b')).toBe(byName(first, 'b'))

    writeFileSync(join(dir, 'b.yaml'), service('b', 'nginx:2'))
    const third = await pass()
    expect(byName(third, 'a')).toBe(byName(first, 'a'))
    expect(byName(third, 'b')).not.toBe(byName(first, 'b'))
    expect(byName(third, 'b')?.spec.taskDefinition.containers[0]?.image).toBe('nginx:2')
    expect(third.byKind.Service).toHaveLength(2)
  })

  it('keeps the previous object when the loader built an equal copy (as environment patches do)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-stable-set-'))
    writeFileSync(join(dir, 'a.yaml'), service('a', 'nginx:1'))
    writeFileSync(join(dir, 'b.yaml'), service('b', 'nginx:1'))
    const loaded = await loadManifests([dir], { defaultCluster: 'main' })
    if (!loaded.ok) throw new Error('invalid')
    const previous = { set: loaded.set, fingerprints: resourceFingerprints(loaded.set) }
    const copies = buildManifestSet(
      loaded.set.resources.map(
        (r) =>
          ({
            ...r,
            spec: r.name === 'b' ? { ...r.spec, desiredCount: 2 } : structuredClone(r.spec),
          }) as ManifestResource,
      ),
      'main',
    )
    const kept = keepUnchanged({ set: copies, fingerprints: resourceFingerprints(copies) }, previous)
    expect(byName(kept, 'a')).toBe(byName(loaded.set, 'a'))
    expect(byName(kept, 'b')).toBe(byName(copies, 'b'))
    expect(byName(kept, 'b')?.spec.desiredCount).toBe(2)
    expect(kept.resources.map((r) => r.id)).toEqual(copies.resources.map((r) => r.id))
  })

  it('replaces an object whose file changed around it, so positions come from the new text', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-stable-set-'))
    writeFileSync(join(dir, 'a.yaml'), service('a', 'nginx:1'))
    const pass = passes()
    const first = await pass()
    writeFileSync(join(dir, 'a.yaml'), `# a comment moves every line down\n${service('a', 'nginx:1')}`)
    const second = await pass()
    expect(byName(second, 'a')).not.toBe(byName(first, 'a'))
    expect(byName(second, 'a')?.source.positionOf(['metadata', 'name']).line).toBe(
      (byName(first, 'a')?.source.positionOf(['metadata', 'name']).line ?? 0) + 1,
    )
  })
})
