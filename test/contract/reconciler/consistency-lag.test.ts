/**
 * The reconciler on an eventually consistent cloud: reads may miss a service it has just
 * created, or show the state before its last write (ECS API reference, RunTask: the ECS API follows
 * an eventual consistency model, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html).
 * An apply of the example converges anyway, and once the lag has passed a second plan is empty.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { steppedClock, type SteppedClock } from '../../support/driven-clock.js'
import { loadExample } from '../../support/manifests.js'

const LAG_MS = 400
const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}

let server: LocalCloud
let cloud: Cloud
// The executor's polls move the cloud's clock, and the test moves it past the lag: no real waiting.
let clock: SteppedClock

beforeAll(async () => {
  server = await startLocalCloud({
    clock: 'manual',
    consistencyLagMs: LAG_MS,
    timing: { taskStartSeconds: 0.1, drainSeconds: 0.1, namespaceCreateSeconds: 0.05 },
  })
  cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  clock = steppedClock(server)
})

afterAll(async () => {
  cloud.close()
  await server.close()
})

async function plan(edit?: (f: string, t: string) => string): Promise<Plan> {
  const { set, graph } = loadExample(edit)
  return (await planPass(set, graph, cloud.readers, OPTIONS)).plan
}

const execute = (p: Plan) =>
  executePlan(p, {
    readers: cloud.readers,
    writers: cloud.writers!,
    clock,
    wait: true,
    timeoutMs: 30_000,
    pollMs: 50,
    concurrency: 8,
    allowReplace: false,
  })
const settle = () => clock.advance((LAG_MS + 50) / 1000)

it('apply of the example converges with a lag of a few hundred ms; after the lag a second plan is empty; an image change then converges too', async () => {
  const results = await execute(await plan())
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
  settle()
  expect(countChanges(await plan())).toBe(0)

  const newImage = (file: string, text: string) =>
    file.endsWith('orders.yaml') ? text.replace(/image: (\S+):[\w.-]+/, 'image: $1:lagged') : text
  const changed = await plan(newImage)
  expect(changed.actions.filter((a) => a.action !== 'noop').map((a) => a.name)).toContain('orders')
  expect((await execute(changed)).filter((r) => r.status !== 'succeeded')).toEqual([])
  settle()
  expect(countChanges(await plan(newImage))).toBe(0)
}, 90_000)
