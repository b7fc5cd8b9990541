/** A broken file reports its own problems, does not cascade into others, and never floods or crashes validation. */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_ISSUES_PER_FILE } from '../../../src/manifest/issues.js'
import { loadManifests, validateFiles } from '../../../src/manifest/validate.js'

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/broken-file-cascade')

const api = (deps: string) => `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  dependsOn: [${deps}]
  taskDefinition:
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: public.ecr.aws/shop/api:1.0.0
  launchType: FARGATE
  network:
    subnets: [subnet-1]
`

describe('a file that fails to load', () => {
  it('does not make the names it declares "unknown" elsewhere (two-file fixture)', async () => {
    const result = await loadManifests([FIXTURE])
    expect(result.issues.map((i) => [i.ruleId, i.position.file.split('/').pop()])).toEqual([
      ['yaml/syntax', 'billing.yaml'],
    ])
    expect(result.ok).toBe(false)
  })

  it('a document refused by the schema still declares its name', () => {
    const billing = api('')
      .replace('name: api', 'name: billing')
      .replace('  dependsOn: []\n', '  desiredCount: many\n')
    const result = validateFiles([
      { file: 'api.yaml', text: api('billing') },
      { file: 'billing.yaml', text: billing },
    ])
    expect(result.issues.map((i) => i.ruleId)).toEqual(['schema/type'])
  })

  it('when the broken file shows no name at all, references become warnings that name that file', () => {
    const result = validateFiles([
      { file: 'api.yaml', text: api('billing') },
      { file: 'garbage.yaml', text: 'key: [unclosed, "\n' },
    ])
    const reference = result.issues.find((i) => i.ruleId === 'ref/service')
    expect(reference?.severity).toBe('warning')
    expect(reference?.message).toContain('garbage.yaml')
    expect(result.ok).toBe(false)
  })

  it('an unknown name that no broken document could declare is still an error', () => {
    const result = validateFiles([
      { file: 'api.yaml', text: api('billing') },
      {
        file: 'other.yaml',
        text: api('')
          .replace('name: api', 'name: other')
          .replace('  dependsOn: []\n', '  desiredCount: many\n'),
      },
    ])
    expect(result.issues.find((i) => i.ruleId === 'ref/service')?.severity).toBe('error')
  })
})

describe('loader limits', () => {
  it('70,000 nested "[" give one clear error, no throw, no flood', () => {
    const result = validateFiles([{ file: 'deep.yaml', text: '['.repeat(70_000) }])
    expect(result.issues.length).toBeLessThanOrEqual(MAX_ISSUES_PER_FILE + 1)
    expect(result.issues[0]?.ruleId).toBe('yaml/too-deep')
    expect(result.issues[0]?.message).toMatch(/nests too deeply/)
    expect(result.ok).toBe(false)
  })

  it('200 schema errors in one file: the first 50, then "… and 150 more"', () => {
    const doc = (i: number) =>
      `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ns${i}\nspec:\n  description: ${i}\n`
    const text = Array.from({ length: 200 }, (_, i) => doc(i)).join('---\n')
    const result = validateFiles([{ file: 'many.yaml', text }])
    expect(result.issues).toHaveLength(51)
    expect(result.issues.slice(0, 50).every((i) => i.ruleId === 'schema/type')).toBe(true)
    const summary = result.issues[50]
    expect(summary?.ruleId).toBe('file/too-many-issues')
    expect(summary?.severity).toBe('error')
    expect(summary?.message).toContain('… and 150 more')
    // It points at the first problem left out: the 51st document's description.
    expect(summary?.position).toEqual({ file: 'many.yaml', line: 50 * 7 + 6, col: 16 })
  })

  it('the limit is per file', () => {
    const doc = (i: number) =>
      `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ns${i}\nspec:\n  description: ${i}\n`
    const many = (from: number) => Array.from({ length: 60 }, (_, i) => doc(from + i)).join('---\n')
    const result = validateFiles([
      { file: 'a.yaml', text: many(0) },
      { file: 'b.yaml', text: many(100) },
    ])
    expect(result.issues.filter((i) => i.position.file === 'a.yaml')).toHaveLength(51)
    expect(result.issues.filter((i) => i.position.file === 'b.yaml')).toHaveLength(51)
    expect(
      result.issues
        .filter((i) => i.ruleId === 'file/too-many-issues')
        .map((i) => /^… and (\d+) more/.exec(i.message)?.[1]),
    ).toEqual(['10', '10'])
  })
})
