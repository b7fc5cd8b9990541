/**
 * A kind plugs in with its folder and one line: the Widget kind (test/fixtures/kinds/widget/) is
 * added to the handler list below, the only line any test or source file needs, and the generic
 * stages observe, plan, apply, sync tags and prune it next to the example's real kinds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildManifestSet, type ManifestResource } from '../../../src/manifest/model.js'
import { planPass } from '../../../src/reconciler/pass.js'
import type { Plan } from '../../../src/reconciler/plan/types.js'
import { WIDGET_SHOP } from '../../fixtures/kinds/widget/index.js'
import { loadExample } from '../../support/manifests.js'
import { PLAN_OPTIONS, startHarness, type Harness } from '../../support/reconciler-harness.js'

vi.mock('../../../src/reconciler/kinds/handlers.js', async (importOriginal) => ({
  HANDLERS: [
    ...(await importOriginal<{ HANDLERS: readonly unknown[] }>()).HANDLERS,
    (await import('../../fixtures/kinds/widget/index.js')).widgetKind,
  ],
}))

const example = loadExample()

function widget(name: string, colour: string): ManifestResource {
  const anyResource = example.set.resources[0]
  if (!anyResource) throw new Error('the example declares resources')
  return {
    ...anyResource,
    kind: 'Widget',
    id: `Widget/${name}`,
    name,
    metadata: { name },
    spec: { colour },
  } as unknown as ManifestResource
}

describe('a kind that exists only in the tests', () => {
  let harness: Harness
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(() => harness.close())
  beforeEach(() => WIDGET_SHOP.clear())

  async function plan(widgets: readonly ManifestResource[], prune = false): Promise<Plan> {
    const set = buildManifestSet([...example.set.resources, ...widgets], example.set.defaultCluster)
    return (await planPass(set, example.graph, harness.cloud.readers, { ...PLAN_OPTIONS, prune })).plan
  }
  const widgetActions = (p: Plan) =>
    p.actions.filter((a) => a.kind === ('Widget' as string)).map((a) => `${a.action} ${a.name}`)

  it('is created, left alone when in sync, updated, and pruned by the generic stages', async () => {
    const first = await plan([widget('blue-one', 'blue')])
    expect(widgetActions(first)).toEqual(['create blue-one'])
    const failed = (await harness.execute(first)).filter((r) => r.status !== 'succeeded')
    expect(failed).toEqual([])
    expect(WIDGET_SHOP.get('blue-one')).toMatchObject({
      colour: 'blue',
      tags: { 'ecs-reconciler:managed-by': 'ecs-reconciler', 'ecs-reconciler:resource': 'Widget/blue-one' },
    })

    expect(widgetActions(await plan([widget('blue-one', 'blue')]))).toEqual(['noop blue-one'])

    const repaint = await plan([widget('blue-one', 'green')])
    expect(widgetActions(repaint)).toEqual(['update blue-one'])
    await harness.execute(repaint)
    expect(WIDGET_SHOP.get('blue-one')?.colour).toBe('green')

    const gone = await plan([], true)
    expect(widgetActions(gone)).toEqual(['delete blue-one'])
    await harness.execute(gone)
    expect(WIDGET_SHOP.has('blue-one')).toBe(false)
  })
})
