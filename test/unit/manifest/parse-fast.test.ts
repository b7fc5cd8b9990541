/**
 * The fast way through a file (js-yaml) gives exactly what the full parser gives: the same values for
 * every manifest in the repository and for generated sets, the same positions (asked for lazily), and
 * every form the two parsers could read differently, or that needs the full parser's checks, goes the
 * full way.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateManifests } from '../../../bench/generate.js'
import { FAST_MAX_CHARS, parseFast } from '../../../src/manifest/load/parse-fast.js'
import { parseManifestFile, parseManifestFileFully } from '../../../src/manifest/load/parse-yaml.js'
import type { ManifestFile } from '../../../src/manifest/load/read-files.js'
import { REPO_ROOT } from '../../support/example.js'

const LIMITS = { maxDocuments: 10_000, maxKeys: 1_000_000 }

function yamlFilesUnder(dir: string): ManifestFile[] {
  const out: ManifestFile[] = []
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) out.push(...yamlFilesUnder(path))
    else if (/\.ya?ml$/.test(entry)) {
      out.push({ file: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') })
    }
  }
  return out
}

const neverFull = (): never => {
  throw new Error('the full parser was asked for although no position was')
}

const fast = (text: string) => parseFast({ file: 'm.yaml', text }, LIMITS, neverFull)

const repositoryFiles = [
  ...yamlFilesUnder(join(REPO_ROOT, 'manifests')),
  ...yamlFilesUnder(join(REPO_ROOT, 'test/fixtures')),
]

describe('the fast way through a manifest file', () => {
  it('reads every manifest of the repository as the full parser does, or sends it the full way', () => {
    let taken = 0
    for (const file of repositoryFiles) {
      const full = parseManifestFileFully(file)
      const quick = parseFast(file, LIMITS, () => full)
      if (!quick) continue
      taken++
      expect(
        full.issues.filter((i) => i.severity === 'error'),
        file.file,
      ).toEqual([])
      expect(
        quick.documents.map((d) => d.value),
        file.file,
      ).toEqual(full.documents.map((d) => d.value))
    }
    // Most real files are plain: the fast way is the usual one.
    expect(taken).toBeGreaterThan(repositoryFiles.length / 2)
  })

  it('reads a generated set of 500 services as the full parser does, every file the fast way', () => {
    for (const file of generateManifests(500)) {
      const quick = parseFast(file, LIMITS, neverFull)
      expect(quick, file.file).toBeDefined()
      expect(quick?.documents.map((d) => d.value)).toEqual(
        parseManifestFileFully(file).documents.map((d) => d.value),
      )
    }
  })

  it('gives the full parser’s positions, reading the file the full way once, only when asked', () => {
    const text = [
      'apiVersion: ecs-reconciler/v1alpha1',
      'kind: Namespace',
      'metadata:',
      '  name: a',
      'spec: {}',
      '---',
      '# only a comment',
      '---',
      'apiVersion: ecs-reconciler/v1alpha1',
      'kind: Cluster',
      'metadata:',
      '  name: b',
      'spec:',
      '  capacityProviders: [FARGATE]',
      '',
    ].join('\n')
    const file = { file: 'two.yaml', text }
    let fullReads = 0
    const quick = parseFast(file, LIMITS, () => {
      fullReads++
      return parseManifestFileFully(file)
    })
    expect(quick?.documents).toHaveLength(2)
    expect(fullReads).toBe(0)
    const second = quick?.documents[1]?.source
    expect(second?.positionOf(['spec', 'capacityProviders', 0])).toEqual({
      file: 'two.yaml',
      line: 14,
      col: 23,
    })
    expect(second?.positionOf(['metadata', 'name'], { key: true })).toEqual({
      file: 'two.yaml',
      line: 12,
      col: 3,
    })
    expect(quick?.documents[0]?.source.positionOf(['spec'])).toEqual({ file: 'two.yaml', line: 5, col: 7 })
    expect(fullReads).toBe(1)
  })

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a: {b: 1}\nc:\n  <<: {d: 2}\n'],
    ['a __proto__ key', '__proto__: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a flow mapping as a key', '{a: 1}: 2\n'],
    ['a null key', '~: 1\n'],
    ['an empty key', ': 1\n'],
    ['a null key spelled out', 'Null: 1\n'],
    ['a nested null key', 'a:\n  b:\n    null: 1\n'],
    ['an empty key in a list item', 'a:\n  - : 1\n'],
    ['a quoted empty key', 'a:\n  "": 1\n'],
    ['a binary number', 'a: 0b101\n'],
    ['a signed hexadecimal number', 'a: -0x1F\n'],
    ['a signed float without a leading digit', 'a: -.5\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['invalid YAML', 'a: [1, 2\n'],
    ['nesting deeper than the limit', `a: ${'['.repeat(70)}${']'.repeat(70)}\n`],
    ['a file above the size the fast way takes', `a: "${'x'.repeat(FAST_MAX_CHARS)}"\n`],
  ])('%s goes the full way', (_what, text) => {
    expect(fast(text)).toBeUndefined()
  })

  it('keeps the file-wide limits: too many documents or keys go the full way, which reports them', () => {
    expect(
      parseFast({ file: 'm.yaml', text: 'a: 1\n---\nb: 2\n' }, { maxDocuments: 1, maxKeys: 10 }, neverFull),
    ).toBeUndefined()
    expect(
      parseFast({ file: 'm.yaml', text: 'a: 1\nb: 2\nc: 3\n' }, { maxDocuments: 10, maxKeys: 2 }, neverFull),
    ).toBeUndefined()
    const full = parseManifestFile({ file: 'm.yaml', text: 'a: 1\na: 2\n' })
    expect(full.issues.map((i) => i.ruleId)).toEqual(['yaml/duplicate-key'])
  })

  it.each([
    ['plain numbers, floats and specials', 'a: [1, -2, 0o17, 0x1F, 1.5, 1e3, .inf, -.Inf, .nan]\n'],
    ['booleans and nulls of the core schema', 'a: [true, False, TRUE, yes, on, ~, null, Null]\n'],
    ['strings that look like other things', 'a: ["1", 2024-01-01, 12:30, "0b101", sha256:0b1a2c]\n'],
    ['block scalars', 'a: |\n  one\n  two\nb: >-\n  folded\n  text\n'],
    ['quoted escapes', `a: "tab\\tand \\u00e9"\nb: 'it''s'\n`],
    ['numeric keys', '1: a\n2.5: b\ntrue: c\n'],
  ])('%s read the same both ways', (_what, text) => {
    const quick = fast(text)
    expect(quick).toBeDefined()
    expect(quick?.documents.map((d) => d.value)).toEqual(
      parseManifestFileFully({ file: 'm.yaml', text }).documents.map((d) => d.value),
    )
  })
})
