/**
 * Tags within AWS's limits: 50 per resource, of which ecs-reconciler keeps 10, so a manifest may give
 * at most 40; keys and values only in the characters ECS allows
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html#tag-restrictions).
 * The error points at the `tags` line (or the offending key) of the file.
 */
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'

const namespace = (tags: string) =>
  `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: shop\nspec:\n  tags:\n${tags}`

const tagLines = (n: number) => Array.from({ length: n }, (_, i) => `    team-${i}: "v${i}"\n`).join('')

const errors = (text: string) =>
  validateFiles([{ file: 'ns.yaml', text }]).issues.filter((i) => i.severity === 'error')

describe('tags in a manifest', () => {
  it('accepts 40 tags', () => {
    expect(errors(namespace(tagLines(40)))).toEqual([])
  })

  it('refuses 41 at the `tags` line, saying why the limit is 40', () => {
    const [issue, ...rest] = errors(namespace(tagLines(41)))
    expect(rest).toEqual([])
    expect(issue?.position.file).toBe('ns.yaml')
    expect(issue?.position.line).toBe(6)
    expect(issue?.message).toContain(
      'at most 40 tags per resource: AWS allows 50 and ecs-reconciler keeps 10 for its own',
    )
  })

  it.each([
    ['a value with a character ECS refuses', '    owner: "a#b"\n', 'tag values may hold only'],
    ['a key with a character ECS refuses', '    "cost,center": x\n', 'tag keys may hold only'],
  ])('refuses %s, at that tag', (_what, tags, message) => {
    const [issue, ...rest] = errors(namespace(tags))
    expect(rest).toEqual([])
    expect(issue?.position.line).toBe(7)
    expect(issue?.message).toContain(message)
  })

  it('accepts every character ECS allows: letters and digits of any script, spaces, + - = . _ : / @', () => {
    expect(errors(namespace('    "équipe/ops:1": "Zoë + 東京 = a.b_c-d@e 9"\n'))).toEqual([])
  })
})
