/** Every bad-input case reports its rule at its line, collected in one run, without throwing. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_FILE_BYTES } from '../../../src/manifest/load/read-files.js'
import { loadManifests } from '../../../src/manifest/validate.js'
import { corpusCases, WARNING_RULES } from '../../support/corpus.js'

const cases = corpusCases()

describe('bad-input corpus', () => {
  it('has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await loadManifests([c.dir])
    const found = result.issues.filter((i) => i.ruleId === c.rule)
    expect(
      found.length,
      `no ${c.rule} among ${JSON.stringify(result.issues.map((i) => `${i.ruleId}@${i.position.file}:${i.position.line}`))}`,
    ).toBeGreaterThan(0)
    expect(found.map((i) => [i.position.file.split('/').pop(), i.position.line])).toContainEqual([
      c.file,
      c.line,
    ])
    const issue = found.find((i) => i.position.line === c.line)
    expect(issue?.severity).toBe(WARNING_RULES.has(c.rule) ? 'warning' : 'error')
    expect(issue?.message.length).toBeGreaterThan(10)
    expect(issue?.hint?.length ?? 0).toBeGreaterThan(5)
    expect(result.ok).toBe(WARNING_RULES.has(c.rule))
  })
})

describe('generated hostile files', () => {
  it('refuses a 10 MB file before parsing it, with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-big-'))
    try {
      // Broken YAML throughout: had the loader parsed it, a yaml/* issue would be reported too.
      writeFileSync(join(dir, 'huge.yaml'), `a: [\n${'  - : : {\n'.repeat(1024 * 1024)}`)
      const result = await loadManifests([dir])
      expect(result.issues.map((i) => i.ruleId)).toEqual(['file/too-large'])
      expect(result.issues[0]?.message).toContain(`${MAX_FILE_BYTES / 1024 / 1024} MiB`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('allows an empty file with a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-empty-'))
    try {
      writeFileSync(join(dir, 'empty.yaml'), '')
      const result = await loadManifests([dir])
      expect(result.ok).toBe(true)
      expect(result.issues.map((i) => [i.ruleId, i.severity])).toEqual([['file/empty', 'warning']])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
