/**
 * The reconciler always states the capacity a service runs on: its own, else its declared cluster's
 * default strategy, else FARGATE with the warning capacity/unstated (docs/reconciling.md#capacity).
 */
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import { desiredServiceSettings } from '../../../src/reconciler/kinds/service/desired.js'
import { findCluster } from '../../../src/manifest/references.js'

const service = (capacity: string) => `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata: {name: web}
spec:
  cluster: shop
  network: {subnets: [subnet-1]}
${capacity}
  taskDefinition:
    cpu: 256
    memory: 512
    containers: [{name: app, image: nginx}]
`
const cluster = (strategy: string) => `apiVersion: ecs-reconciler/v1alpha1
kind: Cluster
metadata: {name: shop}
spec:
  capacityProviders: [FARGATE, FARGATE_SPOT]
${strategy}
`

function load(files: Record<string, string>) {
  const result = validateFiles(Object.entries(files).map(([file, text]) => ({ file, text })))
  const web = result.set.byKind.Service[0]!
  const strategy = findCluster(result.set, 'shop')?.spec.defaultCapacityProviderStrategy
  const settings = desiredServiceSettings(web, undefined, strategy)
  return {
    warnings: result.issues.filter((i) => i.ruleId === 'capacity/unstated'),
    capacity: { launchType: settings.launchType, strategy: settings.capacityProviderStrategy },
  }
}

describe('capacity', () => {
  it("a service's own strategy is sent, without a warning", () => {
    const out = load({
      's.yaml': service('  capacityProviderStrategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]'),
    })
    expect(out.warnings).toEqual([])
    expect(out.capacity).toEqual({
      launchType: undefined,
      strategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    })
  })

  it("the declared cluster's default strategy is sent when the service states none, without a warning", () => {
    const out = load({
      's.yaml': service(''),
      'c.yaml': cluster(
        '  defaultCapacityProviderStrategy: [{capacityProvider: FARGATE, weight: 1, base: 1}]',
      ),
    })
    expect(out.warnings).toEqual([])
    expect(out.capacity).toEqual({
      launchType: undefined,
      strategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }],
    })
  })

  it('else launchType FARGATE is sent, with a warning at the spec saying so', () => {
    for (const files of [{ 's.yaml': service('') }, { 's.yaml': service(''), 'c.yaml': cluster('') }]) {
      const out = load(files)
      expect(out.capacity).toEqual({ launchType: 'FARGATE', strategy: undefined })
      expect(out.warnings).toHaveLength(1)
      expect(out.warnings[0]).toMatchObject({ severity: 'warning', position: { file: 's.yaml', line: 4 } })
      expect(out.warnings[0]?.message).toContain('launchType FARGATE')
    }
  })
})
