/** Property: random mutations of valid manifests never crash validation, and every issue is located. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import { exampleFiles } from '../../support/manifests.js'

const files = exampleFiles()

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'replace-value'; line: number; value: string }

const scalarText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.constantFrom(
    'null',
    'true',
    '~',
    '[]',
    '{}',
    '[1, [2]]',
    '{a: b}',
    '*x',
    '&x v',
    '!!binary AA==',
    "'",
    '"',
    ':',
    '- -',
    '\t',
    '---',
    '...',
  ),
)

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(scalarText, fc.string({ unit: 'binary', maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('replace-value' as const), line: fc.nat(), value: scalarText }),
)

function apply(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete': {
      const at = m.at % (text.length + 1)
      return text.slice(0, at) + text.slice(at + m.length)
    }
    case 'insert': {
      const at = m.at % (text.length + 1)
      return text.slice(0, at) + m.text + text.slice(at)
    }
    case 'swap-lines': {
      const lines = text.split('\n')
      const a = m.a % lines.length
      const b = m.b % lines.length
      ;[lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? '']
      return lines.join('\n')
    }
    case 'replace-value': {
      const lines = text.split('\n')
      const i = m.line % lines.length
      lines[i] = (lines[i] ?? '').replace(/:\s.*$/, `: ${m.value}`)
      return lines.join('\n')
    }
  }
}

describe('validation under random mutation', () => {
  it('never throws and always locates its issues', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (fileIndex, mutations) => {
          const mutated = files.map((f, i) =>
            i === fileIndex ? { ...f, text: mutations.reduce(apply, f.text) } : f,
          )
          const result = validateFiles(mutated)
          for (const issue of result.issues) {
            expect(issue.position.line).toBeGreaterThanOrEqual(1)
            expect(issue.position.col).toBeGreaterThanOrEqual(1)
            expect(issue.ruleId).toMatch(/^[a-z]+\/[a-z0-9-]+$/)
            expect(issue.message).not.toMatch(/internal error/)
          }
        },
      ),
      { numRuns: 300, seed: 20261124 },
    )
  })
})
