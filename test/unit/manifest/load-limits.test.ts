/**
 * The loader's limits (at least 8 MiB a file, 10,000 documents, 1M keys, depth 64, 1,000 alias
 * expansions): each is allowed up to its value and refused one past it, with file:line:col.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  MAX_ALIAS_EXPANSIONS,
  MAX_DEPTH,
  MAX_DOCUMENTS_PER_FILE,
  MAX_KEYS_PER_FILE,
} from '../../../src/manifest/load/limits.js'
import { parseManifestFile, type FileLimits } from '../../../src/manifest/load/parse-yaml.js'
import { MAX_FILE_BYTES } from '../../../src/manifest/load/read-files.js'
import { loadManifests, validateFiles } from '../../../src/manifest/validate.js'

const check = (text: string) => validateFiles([{ file: 'm.yaml', text }])
const at = (r: ReturnType<typeof check>, rule: string) =>
  r.issues.filter((i) => i.ruleId === rule).map((i) => [i.position.line, i.position.col])

describe('loader limits', () => {
  it('the contract minimums', () => {
    expect(MAX_FILE_BYTES).toBeGreaterThanOrEqual(8 * 1024 * 1024)
    expect(MAX_DOCUMENTS_PER_FILE).toBeGreaterThanOrEqual(10_000)
    expect(MAX_KEYS_PER_FILE).toBeGreaterThanOrEqual(1_000_000)
    expect(MAX_DEPTH).toBeGreaterThanOrEqual(64)
    expect(MAX_ALIAS_EXPANSIONS).toBeGreaterThanOrEqual(1_000)
  })

  // The file-wide limits are checked with smaller values; the defaults are checked above.
  const parse = (text: string, limits: Partial<FileLimits>) =>
    parseManifestFile({ file: 'm.yaml', text }, { maxDocuments: 10, maxKeys: 1000, ...limits })
  const parsedAt = (r: ReturnType<typeof parse>, rule: string) =>
    r.issues.filter((i) => i.ruleId === rule).map((i) => [i.position.line, i.position.col])

  it('as many documents as the limit load; the next is refused at its `---` line, and none of the file loads', () => {
    const docs = (n: number) => Array.from({ length: n }, (_, i) => `i: ${i}\n`).join('---\n')
    const full = parse(docs(10), {})
    expect(full.issues).toEqual([])
    expect(full.documents).toHaveLength(10)
    const over = parse(docs(11), {})
    expect(parsedAt(over, 'yaml/too-many-documents')).toEqual([[20, 1]])
    expect(over.documents).toEqual([])
  })

  it(`nesting of ${MAX_DEPTH} loads; ${MAX_DEPTH + 1} is refused where it goes too deep`, () => {
    const nest = (n: number) => `x: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}\n`
    expect(at(check(nest(MAX_DEPTH)), 'yaml/too-deep')).toEqual([])
    expect(at(check(nest(MAX_DEPTH + 1)), 'yaml/too-deep')).toEqual([[1, 3 + MAX_DEPTH]])
  })

  it(`${MAX_ALIAS_EXPANSIONS} alias expansions load; the next alias is refused at its line`, () => {
    const aliases = (n: number) => `a: &a x\nlist:\n${'  - *a\n'.repeat(n)}`
    expect(at(check(aliases(MAX_ALIAS_EXPANSIONS)), 'yaml/alias-limit')).toEqual([])
    expect(at(check(aliases(MAX_ALIAS_EXPANSIONS + 1)), 'yaml/alias-limit')).toEqual([
      [MAX_ALIAS_EXPANSIONS + 3, 5],
    ])
  })

  it('an alias used inside the value it names is refused, not expanded forever', () => {
    expect(at(check('a: &a [x, *a]\n'), 'yaml/alias-limit')).toEqual([[1, 11]])
  })

  it('every duplicate key of a document is reported at the later key', () => {
    const r = check('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n')
    expect(at(r, 'yaml/duplicate-key')).toEqual([
      [4, 3],
      [5, 1],
    ])
    expect(r.issues[0]?.message).toContain('"c"')
  })

  it('a `__proto__` key is data, not a prototype', () => {
    const value = parse('labels:\n  __proto__: x\n', {}).documents[0]?.value as { labels: object }
    expect(Object.keys(value.labels)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(value.labels)).toBe(Object.prototype)
  })

  it('keys up to the limit load, counted across documents; the next key is refused at its line', () => {
    // Ten keys a line in flow maps, and `x` is a key too.
    const line = `- {${'abcdefghij'
      .split('')
      .map((k) => `${k}: 0`)
      .join(', ')}}\n`
    const text = (lines: number) => `x:\n${line.repeat(lines)}---\ny: 1\n`
    expect(parse(text(99), {}).issues).toEqual([])
    const over = parse(text(99), { maxKeys: 990 })
    expect(parsedAt(over, 'yaml/too-many-keys')).toEqual([[100, line.indexOf('j') + 1]])
    // The second document is past the file's limit too: not loaded.
    expect(over.documents).toEqual([])
  })

  it(`a file of ${MAX_FILE_BYTES / 1024 / 1024} MiB is read; one byte more is refused`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loader-size-'))
    try {
      writeFileSync(join(dir, 'm.yaml'), `#${'x'.repeat(MAX_FILE_BYTES - 2)}\n`)
      expect((await loadManifests([dir])).issues.map((i) => i.ruleId)).toEqual([])
      writeFileSync(join(dir, 'm.yaml'), `#${'x'.repeat(MAX_FILE_BYTES - 1)}\n`)
      expect((await loadManifests([dir])).issues.map((i) => i.ruleId)).toEqual(['file/too-large'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('loading gives the event loop turns', () => {
  it('between pieces of a large file, its documents and the files of the set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loader-turns-'))
    try {
      const doc = (i: number) =>
        `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ns${i}\nspec: {}\n`
      writeFileSync(join(dir, 'many.yaml'), Array.from({ length: 500 }, (_, i) => doc(i)).join('---\n'))
      writeFileSync(join(dir, 'one.yaml'), doc(9999))
      let turns = 0
      let counting = true
      const tick = (): void => {
        turns++
        if (counting) setImmediate(tick)
      }
      setImmediate(tick)
      const result = await loadManifests([dir], { sliceMs: 0 })
      counting = false
      expect(result.ok).toBe(true)
      expect(result.set.byKind.Namespace).toHaveLength(501)
      // Run at once, the load would leave the ticker no turn at all between its start and its end.
      expect(turns).toBeGreaterThan(500)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
