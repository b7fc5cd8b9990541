import { describe, expect, it } from 'vitest'
import { planToJson, renderPlanMarkdown, renderPlanText } from '../../../src/cli/render/plan.js'
import { emptyActualState } from '../../../src/reconciler/actual.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { echoLiveState } from '../../support/echo-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS = { instance: 'ecs-reconciler', revision: 'abc', prune: false, adopt: false, maxDeletes: 5, force: false, manifestsFailed: false }

function imageChangePlan() {
  const base = loadExample()
  const live = echoLiveState(buildPlan(base.set, base.graph, emptyActualState(), OPTIONS))
  const changed = loadExample((f, t) => (f.endsWith('orders.yaml') ? t.replace('orders:1.4.2', 'orders:1.5.0') : t))
  return buildPlan(changed.set, changed.graph, live, OPTIONS)
}

describe('plan rendering', () => {
  it('text reads like a diff, without colour when not a TTY', () => {
    expect(renderPlanText(imageChangePlan(), { colour: false })).toMatchInlineSnapshot(`
      "wave 4
        ~ Service shop/orders  update — taskDefinition changed
            taskDefinition.containers.app.image: "public.ecr.aws/shop/orders:1.4.2" → "public.ecr.aws/shop/orders:1.5.0"

      Plan: 0 to create, 1 to update, 0 to replace, 0 to redeploy, 0 to delete."
    `)
  })
  it('json has the documented shape', () => {
    const json = planToJson(imageChangePlan()) as { changes: number; actions: Record<string, unknown>[] }
    expect(json.changes).toBe(1)
    const orders = json.actions.find((a) => a['name'] === 'orders')
    expect(orders).toEqual({
      kind: 'Service',
      name: 'orders',
      cluster: 'shop',
      action: 'update',
      wave: 4,
      reasons: ['taskDefinition changed'],
      diff: [{ path: 'taskDefinition.containers.app.image', from: 'public.ecr.aws/shop/orders:1.4.2', to: 'public.ecr.aws/shop/orders:1.5.0' }],
    })
    expect(json.actions.every((a) => ['create', 'update', 'replace', 'delete', 'redeploy', 'noop'].includes(String(a['action'])))).toBe(true)
  })
  it('markdown is a table for a pull-request comment', () => {
    const md = renderPlanMarkdown(imageChangePlan())
    expect(md).toContain('| 4 | ~ update | Service shop/orders | taskDefinition changed |')
    expect(md).toContain('```diff')
  })
})
