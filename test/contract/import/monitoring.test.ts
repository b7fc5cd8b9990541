/**
 * `import` renders a service's monitoring, which only its service revision reports
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html): a service with
 * 20-second CPU metrics → import → the manifest declares them, validates and plans no change → apply to
 * an empty cloud makes a service whose revision holds the same monitoring. A service at ECS's default
 * ("When not specified, Amazon ECS uses the default resolution of 60 seconds",
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MonitoringConfiguration.html) imports
 * without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { readLiveSystem } from '../../../src/import/live.js'
import { renderImport } from '../../../src/import/render-import.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { readMonitoring } from '../../../src/reconciler/kinds/service/monitoring.js'
import { planPass } from '../../../src/reconciler/pass.js'
import { until } from '../../support/poll.js'
import {
  applyPlan,
  ROUND_TRIP_OPTIONS,
  startRoundTripClouds,
  type RoundTripClouds,
} from '../../support/round-trip-clouds.js'

const FAST_CPU = { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] }

let clouds: RoundTripClouds
beforeAll(async () => {
  clouds = await startRoundTripClouds('shop')
})
afterAll(async () => {
  await clouds.close()
})

async function createService(name: string, extra: Record<string, unknown>): Promise<void> {
  const w = clouds.source.writers!.ecs
  const registered = await w.registerTaskDefinition(
    {
      family: name,
      cpu: '256',
      memory: '512',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/nginx/nginx:1.27' }],
    },
    {},
  )
  await w.createService({
    cluster: 'shop',
    serviceName: name,
    taskDefinition: registered.arn,
    desiredCount: 1,
    launchType: 'FARGATE',
    networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'] } },
    tags: {},
    ...extra,
  })
}

const monitoringOf = async (cloud: Cloud, name: string) => {
  const services = await cloud.readers.ecs.describeServices('shop', [name])
  return (await readMonitoring(cloud.readers, services)).get(services[0]?.arn ?? '')
}

describe('import of monitoring', () => {
  it('import → no change → apply to an empty cloud keeps it; the default is left out', async () => {
    await createService('orders', { monitoring: FAST_CPU })
    await createService('ledger', { monitoring: { metricConfigurations: [] } })
    const live = await until('both services to be listed', async () => {
      const system = await readLiveSystem(clouds.source.readers, { clusters: ['shop'], includeChaos: false })
      return system.services.length === 2 ? system : undefined
    })
    const imported = renderImport(live, { namespaces: [], includeChaos: false, source: 'the local cloud' })
    const files = imported.files.map((f) => ({ file: f.path, text: f.text }))
    const fileOf = (name: string) => files.find((f) => f.text.includes(`name: ${name}\n`))!.text
    expect(fileOf('orders')).toContain('monitoring:')
    expect(fileOf('orders')).toContain('resolutionSeconds: 20')
    expect(fileOf('ledger')).not.toContain('monitoring')
    const result = validateFiles(files)
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])

    const adopting = (
      await planPass(result.set, result.graph, clouds.source.readers, { ...ROUND_TRIP_OPTIONS, adopt: true })
    ).plan
    const diffs = adopting.actions
      .filter((a) => a.kind === 'Service')
      .flatMap((a) => a.diff.filter((c) => !c.path.startsWith('tags')))
    expect(diffs).toEqual([])

    const fresh = await planPass(result.set, result.graph, clouds.empty.readers, {
      ...ROUND_TRIP_OPTIONS,
      adopt: false,
    })
    await applyPlan(clouds.empty, fresh.plan)
    expect(await monitoringOf(clouds.empty, 'orders')).toEqual(FAST_CPU)
    expect(await monitoringOf(clouds.empty, 'ledger')).toBeUndefined()
  }, 60_000)
})
