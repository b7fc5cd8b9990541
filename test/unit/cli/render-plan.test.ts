import { describe, expect, it } from 'vitest'
import { planToJson, renderPlanMarkdown, renderPlanText } from '../../../src/cli/render/plan.js'
import { serviceKey } from '../../../src/reconciler/kinds/service/live.js'
import { buildPlan } from '../../../src/reconciler/plan/build-plan.js'
import { shopLiveState } from '../../support/shop-live.js'
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

function imageChangePlan() {
  const live = shopLiveState()
  const changed = loadExample((f, t) =>
    f.endsWith('orders.yaml') ? t.replace('orders:1.4.2', 'orders:1.5.0') : t,
  )
  return buildPlan(changed.set, changed.graph, live, OPTIONS)
}

describe('plan rendering', () => {
  it('text reads like a diff, without colour when not a TTY', () => {
    expect(renderPlanText(imageChangePlan(), { colour: false })).toMatchInlineSnapshot(`
      "wave 5
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
      wave: 5,
      reasons: ['taskDefinition changed'],
      diff: [
        {
          path: 'taskDefinition.containers.app.image',
          from: 'public.ecr.aws/shop/orders:1.4.2',
          to: 'public.ecr.aws/shop/orders:1.5.0',
        },
      ],
    })
    expect(
      json.actions.every((a) =>
        ['create', 'update', 'replace', 'delete', 'redeploy', 'noop'].includes(String(a['action'])),
      ),
    ).toBe(true)
  })
  it('markdown is a table for a pull-request comment', () => {
    const md = renderPlanMarkdown(imageChangePlan())
    expect(md).toContain('| 5 | ~ update | Service shop/orders | taskDefinition changed |')
    expect(md).toContain('```diff')
  })
})

describe('a resource whose state could not be read', () => {
  const READ_ERROR =
    'could not read task definition payments:1: ECS.DescribeTaskDefinition: ThrottlingException: Rate exceeded'
  function unknownPlan() {
    const live = shopLiveState()
    const services = new Map(live.Service.services)
    const key = serviceKey('shop', 'payments')
    services.set(key, { ...services.get(key)!, taskDefinition: undefined, readError: READ_ERROR })
    const { set, graph } = loadExample()
    return buildPlan(set, graph, { ...live, Service: { ...live.Service, services } }, OPTIONS)
  }

  it('text shows it on its own line with the error, and the summary says the run fails', () => {
    const text = renderPlanText(unknownPlan(), { colour: false })
    expect(text).toContain(`  ? Service shop/payments  unknown — ${READ_ERROR}`)
    expect(text).not.toContain('Live state matches the manifests')
    expect(text).toMatch(/No changes\. 1 unknown: state could not be read, .*\(exit 1\)\.$/)
  })
  it('json shows it as action unknown with the error, and counts it apart from changes', () => {
    const json = planToJson(unknownPlan()) as {
      changes: number
      unknown: number
      actions: Record<string, unknown>[]
    }
    expect(json).toMatchObject({ changes: 0, unknown: 1 })
    expect(json.actions.find((a) => a['name'] === 'payments')).toMatchObject({
      action: 'unknown',
      reasons: [READ_ERROR],
      error: READ_ERROR,
      diff: [],
    })
  })
  it('markdown lists it', () => {
    expect(renderPlanMarkdown(unknownPlan())).toContain(
      `| 4 | ? unknown | Service shop/payments | ${READ_ERROR} |`,
    )
  })
})

describe('sensitive values in every plan format', () => {
  const SECRET_VALUES = ['debug', 'shop/orders/db-Rotated', 'http://orders', 's3cr3t-value']

  /** One plan that changes, adds, and removes environment and secret values, and drops a whole environment map. */
  function sensitivePlan() {
    const live = shopLiveState()
    const changed = loadExample((f, t) => {
      if (f.endsWith('orders.yaml')) {
        return t
          .replace('LOG_LEVEL: info', 'LOG_LEVEL: debug')
          .replace('shop/orders/db-v5osP6', 'shop/orders/db-Rotated')
      }
      if (f.endsWith('ledger.yaml')) {
        return t.replace('          PORT: 8080\n', '          PORT: 8080\n          API_KEY: s3cr3t-value\n')
      }
      if (f.endsWith('storefront.yaml')) {
        return t.replace(
          '        environment:\n          ORDERS_URL: http://orders\n          CATALOG_CACHE_SECONDS: 30\n',
          '',
        )
      }
      return t
    })
    return buildPlan(changed.set, changed.graph, live, OPTIONS)
  }

  it('the plan really carries those changes (the diff paths the renderers mask)', () => {
    const paths = sensitivePlan().actions.flatMap((a) => a.diff.map((c) => c.path))
    expect(paths).toEqual(
      expect.arrayContaining([
        'taskDefinition.containers.app.environment.LOG_LEVEL',
        'taskDefinition.containers.app.secrets.DATABASE_URL',
        'taskDefinition.containers.app.environment.API_KEY',
        'taskDefinition.containers.web.environment',
      ]),
    )
  })

  it('text shows (sensitive) and what changed, never the values', () => {
    const text = renderPlanText(sensitivePlan(), { colour: false })
    for (const value of SECRET_VALUES) expect(text).not.toContain(value)
    expect(text).toContain(
      'taskDefinition.containers.app.environment.LOG_LEVEL: "(sensitive)" → "(sensitive)"',
    )
    expect(text).toContain('taskDefinition.containers.app.environment.API_KEY: (unset) → "(sensitive)"')
    expect(text).toContain(
      'taskDefinition.containers.web.environment: {"CATALOG_CACHE_SECONDS":"(sensitive)","ORDERS_URL":"(sensitive)"} → (unset)',
    )
  })

  it('json marks the entries sensitive and holds no values', () => {
    const json = planToJson(sensitivePlan()) as {
      actions: { name: string; diff: { path: string; from: unknown; to: unknown; sensitive?: boolean }[] }[]
    }
    const text = JSON.stringify(json)
    for (const value of SECRET_VALUES) expect(text).not.toContain(value)
    const orders = json.actions.find((a) => a.name === 'orders')!
    expect(orders.diff).toContainEqual({
      path: 'taskDefinition.containers.app.secrets.DATABASE_URL',
      from: '(sensitive)',
      to: '(sensitive)',
      sensitive: true,
    })
    const ledger = json.actions.find((a) => a.name === 'ledger')!
    expect(ledger.diff).toContainEqual({
      path: 'taskDefinition.containers.app.environment.API_KEY',
      from: null,
      to: '(sensitive)',
      sensitive: true,
    })
  })

  it('markdown (a pull-request comment) holds no values', () => {
    const md = renderPlanMarkdown(sensitivePlan())
    for (const value of SECRET_VALUES) expect(md).not.toContain(value)
    expect(md).toContain('+ taskDefinition.containers.app.environment.LOG_LEVEL: "(sensitive)"')
  })

  it('the region heads every format', () => {
    const plan = imageChangePlan()
    expect(renderPlanText(plan, { colour: false, region: 'eu-west-1' }).split('\n')[0]).toBe(
      'region: eu-west-1',
    )
    expect(planToJson(plan, { region: 'eu-west-1' })).toMatchObject({ region: 'eu-west-1' })
    expect(renderPlanMarkdown(plan, { region: 'eu-west-1' }).split('\n')[0]).toBe(
      '### ecs-reconciler plan (eu-west-1)',
    )
  })
})
