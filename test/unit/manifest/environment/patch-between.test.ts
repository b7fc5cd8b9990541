/**
 * The inverse of the merge rules, as a table named by outcome: each case is a base and a target; the
 * patch is checked against the one expected and, more to the point, merging it onto the base must
 * give the target back.
 */
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { mergePatch } from '../../../../src/manifest/environment/merge.js'
import { patchBetween } from '../../../../src/manifest/environment/patch-between.js'

interface Case {
  readonly base: string
  readonly target: string
  /** YAML of the patch; `~` when base and target are equal (no patch). */
  readonly patch: string
}

const keep = { keep: [['metadata'], ['spec', 'dependsOn']] }

const cases: Record<string, Case> = {
  'no patch for equal documents': {
    base: 'spec: {desiredCount: 2, tags: {a: b}}',
    target: 'spec: {desiredCount: 2, tags: {a: b}}',
    patch: '~',
  },
  'a changed scalar': {
    base: 'spec: {desiredCount: 2, cluster: shop}',
    target: 'spec: {desiredCount: 4, cluster: shop}',
    patch: 'spec: {desiredCount: 4}',
  },
  'null for a field only the base has': {
    base: 'spec: {desiredCount: 2, platformVersion: LATEST}',
    target: 'spec: {desiredCount: 2}',
    patch: 'spec: {platformVersion: null}',
  },
  'a kept field the target cannot know stays in the base': {
    base: 'metadata: {name: a, labels: {x: y}}\nspec: {desiredCount: 2, dependsOn: [b]}',
    target: 'metadata: {name: a}\nspec: {desiredCount: 3}',
    patch: 'spec: {desiredCount: 3}',
  },
  'a list of scalars whole': {
    base: 'spec: {network: {subnets: [a, b]}}',
    target: 'spec: {network: {subnets: [a, c]}}',
    patch: 'spec: {network: {subnets: [a, c]}}',
  },
  'only the named containers that differ, by name': {
    base: 'spec: {taskDefinition: {containers: [{name: web, image: w1, cpu: 1}, {name: log, image: l1}]}}',
    target: 'spec: {taskDefinition: {containers: [{name: web, image: w2, cpu: 1}, {name: log, image: l1}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, image: w2}]}}',
  },
  'a new container appended, a removed one deleted': {
    base: 'spec: {taskDefinition: {containers: [{name: web, image: w}, {name: old, image: o}]}}',
    target: 'spec: {taskDefinition: {containers: [{name: web, image: w}, {name: new, image: n}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: new, image: n}, {name: old, $patch: delete}]}}',
  },
  'environment in the list spelling against a map base: only the variable that differs': {
    base: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1", B: "2"}}]}}',
    target:
      'spec: {taskDefinition: {containers: [{name: web, environment: [{name: A, value: "1"}, {name: B, value: "3"}]}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, environment: {B: "3"}}]}}',
  },
  'a removed environment variable is null': {
    base: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1", B: "2"}}]}}',
    target: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1"}}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, environment: {B: null}}]}}',
  },
  'named port mappings inside a named container': {
    base: 'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 80}, {name: admin, containerPort: 9000}]}]}}',
    target:
      'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9000}]}]}}',
    patch:
      'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 8080}]}]}}',
  },
}

describe('patchBetween', () => {
  it.each(Object.entries(cases))('%s', (_outcome, c) => {
    const base = parse(c.base) as unknown
    const target = parse(c.target) as unknown
    const patch = patchBetween(base, target, keep)
    expect(patch ?? null).toEqual(parse(c.patch))
    if (patch === undefined) return
    // The patch does what it is for: merged onto the base, the target (up to spelling and kept fields).
    const merged = mergePatch(base, patch)
    expect(merged.problems).toEqual([])
    expect(patchBetween(merged.value, target, keep)).toBeUndefined()
  })

  it('a reordered named list is not expressible: merging keeps the base order, and the check says so', () => {
    const base = parse('spec: {taskDefinition: {containers: [{name: a}, {name: b}]}}') as unknown
    const target = parse('spec: {taskDefinition: {containers: [{name: b}, {name: a}]}}') as unknown
    // Equal as sets of named elements but not as lists: the patch is empty and the merge keeps a, b.
    const patch = patchBetween(base, target, keep)
    const merged = patch === undefined ? base : mergePatch(base, patch).value
    expect(patchBetween(merged, target, keep)).toBeDefined()
  })
})
