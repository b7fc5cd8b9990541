import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'

const doc = (name: string) =>
  `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ${name}\nspec: {}\n`

describe('loader', () => {
  it('reads several documents per file and comment-only documents are skipped', () => {
    const result = validateFiles([
      { file: 'm.yaml', text: `# only a comment\n---\n${doc('a')}---\n${doc('b')}---\n# trailing\n` },
    ])
    expect(result.ok).toBe(true)
    expect(result.set.byKind.Namespace.map((n) => n.name)).toEqual(['a', 'b'])
  })
  it('locates nested fields in the second document', () => {
    const result = validateFiles([
      { file: 'm.yaml', text: `${doc('a')}---\n${doc('b').replace('spec: {}', 'spec:\n  description: 3')}` },
    ])
    expect(result.issues.map((i) => [i.ruleId, i.position.line, i.position.col])).toEqual([
      ['schema/type', 12, 16],
    ])
  })
  it('refuses an alias bomb by its alias limit (expanded, it would be 10^9 nodes)', () => {
    let bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\n'
    for (const [p, q] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
      ['h', 'i'],
    ]) {
      bomb += `${q}: &${q} [${Array(10).fill(`*${p}`).join(',')}]\n`
    }
    const result = validateFiles([{ file: 'bomb.yaml', text: bomb }])
    expect(result.issues.map((i) => i.ruleId)).toEqual(['yaml/alias-limit'])
  })
  it('never throws on deeply nested input', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    expect(() => validateFiles([{ file: 'deep.yaml', text: deep }])).not.toThrow()
  })
})
