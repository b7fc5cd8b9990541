/**
 * Round trip of task definitions taken from the AWS documentation's examples
 * (test/fixtures/aws-doc-task-definitions: each names its source page and lists the changes made to
 * fit Fargate). On the local cloud: register it as is → create a service on it → `import` → the
 * manifests validate and `plan` shows no change → `apply` to an empty cloud registers an equal task
 * definition (equal as ECS means it: the normaliser's view).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../../src/import/live.js'
import { renderImport } from '../../../src/import/render-import.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { taskDefinitionView } from '../../../src/reconciler/kinds/service/normalise.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { AWS_DOC_FIXTURES, awsDocFixture, volumesOf } from '../../support/aws-doc-fixtures.js'
import { until } from '../../support/poll.js'
import {
  applyPlan,
  ROUND_TRIP_OPTIONS,
  startRoundTripClouds,
  type RoundTripClouds,
} from '../../support/round-trip-clouds.js'

const FILES = AWS_DOC_FIXTURES
const fixture = awsDocFixture

const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60001'],
    securityGroups: ['sg-0123456789abcdef0'],
    assignPublicIp: 'DISABLED' as const,
  },
}

let clouds: RoundTripClouds
let sourceCloud: Cloud
let emptyCloud: Cloud

beforeAll(async () => {
  clouds = await startRoundTripClouds('docs')
  sourceCloud = clouds.source
  emptyCloud = clouds.empty
})

afterAll(async () => {
  await clouds.close()
})

describe('task definitions from the AWS documentation', () => {
  it.each(FILES)('%s names its source page and says why each change was made', (file) => {
    const { _source, _changes } = fixture(file)
    expect(_source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/(AmazonECS|xray|AmazonCloudWatch)\//)
    for (const change of _changes) expect(change.length).toBeGreaterThan(20)
  })

  it.each(FILES)(
    '%s: register → service → import → no change → apply to an empty cloud registers an equal one',
    async (file) => {
      const { taskDefinition, service: serviceMembers } = fixture(file)
      const name = `svc-${file.replace(/\.json$/, '')}`
      const w = sourceCloud.writers!.ecs
      const registered = await w.registerTaskDefinition(taskDefinition, {})
      await w.createService({
        cluster: 'docs',
        serviceName: name,
        taskDefinition: registered.arn,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        tags: {},
        ...serviceMembers,
      })

      // The local cloud lists a new service a moment later, as ECS may (eventual consistency).
      const live = await until('the service to be listed', async () => {
        const system = await readLiveSystem(sourceCloud.readers, { clusters: ['docs'], includeChaos: false })
        return system.services.some((s) => s.service.name === name) ? system : undefined
      })
      const imported = renderImport(
        { ...live, services: live.services.filter((s) => s.service.name === name) },
        { namespaces: [], includeChaos: false, source: 'the local cloud' },
      )
      expect(imported.leftOut).toEqual([])
      const result = validateFiles(imported.files.map((f) => ({ file: f.path, text: f.text })))
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])

      const adopting = (
        await planPass(result.set, result.graph, sourceCloud.readers, { ...ROUND_TRIP_OPTIONS, adopt: true })
      ).plan
      const service = adopting.actions.find((a) => a.id === `Service/docs/${name}`)
      expect(service, adopting.actions.map((a) => a.id).join(', ')).toBeDefined()
      expect(service?.diff.filter((c) => !c.path.startsWith('tags'))).toEqual([])

      const fresh = await planPass(result.set, result.graph, emptyCloud.readers, {
        ...ROUND_TRIP_OPTIONS,
        adopt: false,
      })
      await applyPlan(emptyCloud, fresh.plan)
      const created = (await emptyCloud.readers.ecs.describeServices('docs', [name]))[0]
      const again = await emptyCloud.readers.ecs.describeTaskDefinition(created!.taskDefinition)
      expect(again ? taskDefinitionView(again) : undefined).toEqual(taskDefinitionView(registered))
      expect(volumesOf(created)).toEqual(serviceMembers?.volumeConfigurations)
    },
    60_000,
  )
})
