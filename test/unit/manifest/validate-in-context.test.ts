/** `validate --context DIR FILE`: names resolve against the folder; only the checked files' problems (and those they cause) are reported. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadManifests } from '../../../src/manifest/validate.js'
import { loadManifestsInContext } from '../../../src/manifest/validate-in-context.js'
import { EXAMPLES_DIR } from '../../support/manifests.js'

let cwd: string
const DIR = 'shop'
const edit = (file: string, from: string, to: string): void => {
  const path = join(cwd, DIR, file)
  const text = readFileSync(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`)
  writeFileSync(path, text.replace(from, to))
}
const rules = (issues: readonly { ruleId: string; position: { file: string; line: number } }[]): string[] =>
  issues.map((i) => `${i.position.file}:${i.position.line} ${i.ruleId}`)

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ecs-reconciler-context-'))
  cpSync(EXAMPLES_DIR, join(cwd, DIR), { recursive: true })
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

describe('validating files in the context of their folder', () => {
  it('without a context, a file whose names are declared in sibling files has unknown references, as before', async () => {
    const result = await loadManifests(['shop/orders.yaml'], { cwd })
    expect(result.ok).toBe(false)
    expect(rules(result.issues)).toEqual([
      'shop/orders.yaml:11 ref/service',
      'shop/orders.yaml:67 ref/namespace',
    ])
  })

  it('with the folder as context, the same file is valid and only it is counted as checked', async () => {
    const result = await loadManifestsInContext(['shop/orders.yaml'], ['shop'], { cwd })
    expect(result.issues).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.files).toEqual(['shop/orders.yaml'])
    expect(result.contextFiles).toEqual([
      'shop/chaos.yaml',
      'shop/cluster.yaml',
      'shop/ledger.yaml',
      'shop/payments.yaml',
      'shop/storefront.yaml',
    ])
  })

  it('a broken reference in the checked file is still reported, at its line and column', async () => {
    edit('orders.yaml', 'dependsOn: [payments]', 'dependsOn: [paymentz]')
    const result = await loadManifestsInContext(['shop/orders.yaml'], ['shop'], { cwd })
    expect(result.ok).toBe(false)
    expect(result.issues.map((i) => [i.position, i.ruleId, i.message])).toEqual([
      [
        { file: 'shop/orders.yaml', line: 11, col: 15 },
        'ref/service',
        'dependsOn names unknown service "paymentz"',
      ],
    ])
  })

  it("the context files' own problems are held back and counted, not reported", async () => {
    edit('ledger.yaml', 'cpu: 512', 'cpu: 333')
    edit('chaos.yaml', 'service: orders', 'service: ghost')
    const result = await loadManifestsInContext(['shop/orders.yaml'], ['shop'], { cwd })
    expect(result.ok).toBe(true)
    expect(result.issues).toEqual([])
    expect(rules(result.contextIssues)).toEqual([
      'shop/chaos.yaml:13 chaos/target',
      'shop/ledger.yaml:13 fargate/cpu-memory',
      'shop/ledger.yaml:13 sc/proxy-headroom',
    ])
  })

  it('a problem the checked file causes in a context file is reported there (a duplicate name found at the later document)', async () => {
    // "a-copy.yaml" sorts before ledger.yaml, so the folder's own validation reports the duplicate on ledger.yaml.
    writeFileSync(join(cwd, DIR, 'a-copy.yaml'), readFileSync(join(cwd, DIR, 'ledger.yaml')))
    const whole = await loadManifests(['shop'], { cwd })
    expect(rules(whole.issues.filter((i) => i.ruleId === 'ref/duplicate-name'))).toEqual([
      'shop/ledger.yaml:5 ref/duplicate-name',
    ])
    const result = await loadManifestsInContext(['shop/a-copy.yaml'], ['shop'], { cwd })
    expect(result.ok).toBe(false)
    expect(rules(result.issues.filter((i) => i.severity === 'error'))).toContain(
      'shop/ledger.yaml:5 ref/duplicate-name',
    )
  })

  it('a checked file that does not parse is reported; names it may declare do not turn into errors in the context', async () => {
    writeFileSync(
      join(cwd, DIR, 'payments.yaml'),
      'apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata: {name: payments\n',
    )
    const result = await loadManifestsInContext(['shop/payments.yaml'], ['shop'], { cwd })
    expect(result.ok).toBe(false)
    expect(
      result.issues
        .filter((i) => i.severity === 'error')
        .every((i) => i.position.file === 'shop/payments.yaml'),
    ).toBe(true)
    expect(
      result.issues.some((i) => i.position.file === 'shop/payments.yaml' && i.severity === 'error'),
    ).toBe(true)
  })

  it('a context folder that does not exist is an error, not a silently empty context', async () => {
    const result = await loadManifestsInContext(['shop/orders.yaml'], ['shopp'], { cwd })
    expect(result.ok).toBe(false)
    expect(result.issues.map((i) => [i.position.file, i.ruleId])).toContainEqual(['shopp', 'file/not-found'])
  })
})
