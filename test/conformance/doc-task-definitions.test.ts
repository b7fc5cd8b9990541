/**
 * Task definitions from the AWS documentation's examples (test/fixtures/aws-doc-task-definitions,
 * each naming its page), on the target of this run (the local cloud in `npm test`, moto in
 * `npm run test:moto`):
 * - each registers as is and reads back with every member, equal as ECS means them
 *   (API_RegisterTaskDefinition, API_DescribeTaskDefinition);
 * - the whole round trip: a service on it → `import` → the manifests validate, nothing is left out
 *   and `plan` shows no change → `apply` of the imported manifests to an empty cluster registers an
 *   equal task definition. A service made with a launch type and no circuit breaker or grace period has
 *   none of moto's documented gaps (docs/conformance.md), so no difference is allowed on either target.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TaskDefinitionContent } from '../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../src/import/live.js'
import { renderImport } from '../../src/import/render-import.js'
import { validateFiles } from '../../src/manifest/validate.js'
import { executePlan } from '../../src/reconciler/execute/executor.js'
import { taskDefinitionView } from '../../src/reconciler/kinds/service/normalise.js'
import { planPass } from '../../src/reconciler/pass.js'
import { systemClock } from '../../src/shared/clock.js'
import { AWS_DOC_FIXTURES, awsDocFixture, volumesOf } from '../support/aws-doc-fixtures.js'
import { until } from '../support/poll.js'
import { ROUND_TRIP_OPTIONS } from '../support/round-trip-clouds.js'
import { openTarget, uniqueName, type Target } from './target.js'

const FILES = AWS_DOC_FIXTURES

const fixtureOf = awsDocFixture
const contentOf = (file: string): TaskDefinitionContent => fixtureOf(file).taskDefinition

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

describe('task definitions from the AWS documentation', () => {
  it.each(FILES)('%s registers as is and reads back equal, every member included', async (file) => {
    const taskDefinition = contentOf(file)
    const family = uniqueName(taskDefinition.family.replace(/_/g, '-'))
    const registered = await t.cloud.writers!.ecs.registerTaskDefinition({ ...taskDefinition, family }, {})
    const read = await t.cloud.readers.ecs.describeTaskDefinition(registered.arn)
    expect(read ? taskDefinitionView(read) : undefined).toEqual(
      taskDefinitionView({ ...taskDefinition, family }),
    )
  })

  it.each(FILES)(
    '%s: service → import → no change → apply to an empty cluster registers an equal one',
    async (file) => {
      const family = uniqueName(contentOf(file).family.replace(/_/g, '-'))
      const [source, empty] = [uniqueName('docs'), uniqueName('empty')]
      const name = 'svc'
      const w = t.cloud.writers!.ecs
      await w.createCluster({ name: source, capacityProviders: ['FARGATE'] })
      const registered = await w.registerTaskDefinition({ ...contentOf(file), family }, {})
      const network = await t.network()
      await w.createService({
        cluster: source,
        serviceName: name,
        taskDefinition: registered.arn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: network.subnets,
            securityGroups: network.securityGroups,
            assignPublicIp: 'DISABLED',
          },
        },
        tags: {},
        ...fixtureOf(file).service,
      })
      t.settle()
      const live = await until('the service to be listed', async () => {
        const system = await readLiveSystem(t.cloud.readers, { clusters: [source], includeChaos: false })
        return system.services.some((s) => s.service.name === name) ? system : undefined
      })
      const imported = renderImport(live, { namespaces: [], includeChaos: false, source: t.name })
      expect(imported.leftOut).toEqual([])
      const result = validateFiles(imported.files.map((f) => ({ file: f.path, text: f.text })))
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])

      const adopting = (
        await planPass(result.set, result.graph, t.cloud.readers, { ...ROUND_TRIP_OPTIONS, adopt: true })
      ).plan
      const service = adopting.actions.find((a) => a.id === `Service/${source}/${name}`)
      expect(service, adopting.actions.map((a) => a.id).join(', ')).toBeDefined()
      expect(service?.diff.filter((c) => !c.path.startsWith('tags'))).toEqual([])

      // The same manifests, pointed at a cluster that does not exist yet: everything is created.
      const moved = validateFiles(
        imported.files.map((f) => ({ file: f.path, text: f.text.replaceAll(source, empty) })),
      )
      expect(moved.issues.filter((i) => i.severity === 'error')).toEqual([])
      const fresh = await planPass(moved.set, moved.graph, t.cloud.readers, {
        ...ROUND_TRIP_OPTIONS,
        adopt: false,
      })
      const results = await executePlan(fresh.plan, {
        readers: t.cloud.readers,
        writers: t.cloud.writers!,
        clock: systemClock,
        wait: false,
        timeoutMs: 60_000,
        pollMs: 20,
        concurrency: 4,
        allowReplace: false,
      })
      expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
      const created = await until(
        'the new service to be described',
        async () => (await t.cloud.readers.ecs.describeServices(empty, [name]))[0],
      )
      expect(created.taskDefinition).not.toBe(registered.arn)
      const again = await t.cloud.readers.ecs.describeTaskDefinition(created.taskDefinition)
      expect(again ? taskDefinitionView(again) : undefined).toEqual(taskDefinitionView(registered))
      // The service's own members (EBS volumes configured at launch) come across as the source reports them.
      const original = (await t.cloud.readers.ecs.describeServices(source, [name]))[0]
      expect(volumesOf(created)).toEqual(volumesOf(original))
    },
    60_000,
  )
})
