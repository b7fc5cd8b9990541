/**
 * Round trip of task definitions taken from the AWS documentation's examples
 * (test/fixtures/aws-doc-task-definitions: each names its source page and lists the changes made to
 * fit Fargate). On the local cloud: register it as is → create a service on it → `import` → the
 * manifests validate and `plan` shows no change → `apply` to an empty cloud registers an equal task
 * definition (equal as ECS means it: the normaliser's view).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type {
  ActualService,
  Cloud,
  ServiceSettings,
  TaskDefinitionContent,
} from '../../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../../src/import/live.js'
import { renderImport } from '../../../src/import/render-import.js'
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { executePlan } from '../../../src/reconciler/execute/executor.js'
import { taskDefinitionView } from '../../../src/reconciler/kinds/service/normalise.js'
import { planPass } from '../../../src/reconciler/pass.js'
import type { Plan } from '../../../src/reconciler/plan/types.js'
import { systemClock } from '../../../src/shared/clock.js'
import { until } from '../../support/poll.js'

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'aws-doc-task-definitions')
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'))

interface Fixture {
  readonly _source: { readonly url: string; readonly example: string }
  readonly _changes: readonly string[]
  readonly taskDefinition: TaskDefinitionContent
  /** CreateService members the example needs too (an EBS volume configured at launch, say). */
  readonly service?: Pick<ServiceSettings, 'volumeConfigurations'>
}

/** The volume configurations a service's primary deployment reports (API_Deployment). */
const volumesOf = (service: ActualService | undefined) =>
  service?.deployments.find((d) => d.status === 'PRIMARY')?.volumeConfigurations
const fixture = (file: string): Fixture => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Fixture

const OPTIONS = {
  instance: 'ecs-reconciler',
  revision: 'r1',
  prune: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-0a1b2c3d4e5f60001'],
    securityGroups: ['sg-0123456789abcdef0'],
    assignPublicIp: 'DISABLED' as const,
  },
}
const TIMING = { taskStartSeconds: 0.05, drainSeconds: 0.05, namespaceCreateSeconds: 0.05 }

let source: LocalCloud
let empty: LocalCloud
let sourceCloud: Cloud
let emptyCloud: Cloud

beforeAll(async () => {
  source = await startLocalCloud({ timing: TIMING })
  empty = await startLocalCloud({ timing: TIMING })
  sourceCloud = createAwsCloud({ readOnly: false, endpoint: source.endpoint, region: 'us-east-1' })
  emptyCloud = createAwsCloud({ readOnly: false, endpoint: empty.endpoint, region: 'us-east-1' })
  await sourceCloud.writers!.ecs.createCluster({ name: 'docs', capacityProviders: ['FARGATE'] })
  await until('the cluster to be visible', async () =>
    (await sourceCloud.readers.ecs.describeClusters(['docs'])).get('docs'),
  )
})

afterAll(async () => {
  sourceCloud.close()
  emptyCloud.close()
  await source.close()
  await empty.close()
})

async function apply(cloud: Cloud, p: Plan): Promise<void> {
  const results = await executePlan(p, {
    readers: cloud.readers,
    writers: cloud.writers!,
    clock: systemClock,
    wait: true,
    timeoutMs: 60_000,
    pollMs: 20,
    concurrency: 4,
    allowReplace: false,
  })
  expect(results.filter((r) => r.status !== 'succeeded')).toEqual([])
}

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
        await planPass(result.set, result.graph, sourceCloud.readers, { ...OPTIONS, adopt: true })
      ).plan
      const service = adopting.actions.find((a) => a.id === `Service/docs/${name}`)
      expect(service, adopting.actions.map((a) => a.id).join(', ')).toBeDefined()
      expect(service?.diff.filter((c) => !c.path.startsWith('tags'))).toEqual([])

      const fresh = await planPass(result.set, result.graph, emptyCloud.readers, { ...OPTIONS, adopt: false })
      await apply(emptyCloud, fresh.plan)
      const created = (await emptyCloud.readers.ecs.describeServices('docs', [name]))[0]
      const again = await emptyCloud.readers.ecs.describeTaskDefinition(created!.taskDefinition)
      expect(again ? taskDefinitionView(again) : undefined).toEqual(taskDefinitionView(registered))
      expect(volumesOf(created)).toEqual(serviceMembers?.volumeConfigurations)
    },
    60_000,
  )
})
