/** A create shows its attributes like Terraform's `+` block: folded when long, sensitive values hidden. */
import { describe, expect, it } from 'vitest'
import { createAttributes, foldValue, planToJson, renderPlanText } from '../../../src/cli/render/plan.js'
import { emptyActualState } from '../../../src/reconciler/kinds/registry.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'abc',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const SECRET = 'create-secret-4711'

function createPlan() {
  const example = loadExample((f, t) =>
    f.endsWith('payments.yaml')
      ? t.replace('          LOG_LEVEL: info\n', `          LOG_LEVEL: info\n          API_KEY: ${SECRET}\n`)
      : t,
  )
  return buildPlan(example.set, example.graph, emptyActualState(), OPTIONS)
}

describe('create attributes', () => {
  const plan = createPlan()
  const payments = plan.actions.find((a) => a.name === 'payments')

  it('lists every attribute of the new resource as a leaf path', () => {
    const attrs = createAttributes(payments?.attributes)
    expect(attrs.find((a) => a.path === 'taskDefinition.containers.app.image')?.value).toMatch(/payments/)
    expect(attrs.find((a) => a.path === 'desiredCount')).toBeDefined()
  })

  it('shows environment keys but never their values', () => {
    const attrs = createAttributes(payments?.attributes)
    expect(attrs.find((a) => a.path === 'taskDefinition.containers.app.environment.API_KEY')).toEqual({
      path: 'taskDefinition.containers.app.environment.API_KEY',
      value: '(sensitive)',
      sensitive: true,
    })
    const text = renderPlanText(plan, { colour: false })
    expect(text).toContain('+ taskDefinition.containers.app.environment.API_KEY = (sensitive)')
    expect(text).not.toContain(SECRET)
    expect(JSON.stringify(planToJson(plan))).not.toContain(SECRET)
  })

  it('is in the JSON plan for creates only', () => {
    const json = planToJson(plan) as { actions: { action: string; attributes?: unknown[] }[] }
    expect(
      json.actions
        .filter((a) => a.action === 'create')
        .every((a) => Array.isArray(a.attributes) && a.attributes.length > 0),
    ).toBe(true)
  })

  it('folds a long value onto continuation lines and says how much was left out', () => {
    const long = 'x'.repeat(450)
    const folded = foldValue(long, '    ').split('\n')
    expect(folded).toHaveLength(4)
    expect(folded[1]?.startsWith('    x')).toBe(true)
    expect(folded[3]).toBe('    … (152 more characters)')
    expect(foldValue('short', '  ')).toBe('"short"')
  })
})
