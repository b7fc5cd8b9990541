/**
 * The normaliser against AWS's own published example responses (test/fixtures/aws-responses, each
 * naming its source and listing every change we made). manifest.yaml there says what the examples
 * describe; a plan of it against them must be empty, and a real difference must show.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import { countChanges } from '../../../src/reconciler/plan/types.js'
import type { ActualState } from '../../../src/reconciler/actual.js'
import {
  AWS_EXAMPLES_DIR,
  awsExampleState,
  exampleFile,
  loadExampleManifests,
} from '../../support/aws-examples.js'

const OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'abc123',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const plan = (live: ActualState, edit?: (text: string) => string, options: Partial<PlanOptions> = {}) => {
  const { set, graph } = loadExampleManifests(edit)
  return buildPlan(set, graph, live, { ...OPTIONS, ...options })
}
/** Every action that would change something, with the paths it changes. */
const changes = (live: ActualState, edit?: (text: string) => string) =>
  plan(live, edit)
    .actions.filter((a) => a.diff.length > 0 || !['noop', 'wait'].includes(a.action))
    .map((a) => ({ id: a.id, action: a.action, paths: a.diff.map((d) => d.path) }))

describe('the example files', () => {
  it.each(readdirSync(AWS_EXAMPLES_DIR).filter((f) => f.endsWith('.json')))(
    '%s names its published source and says why each change was made',
    (file) => {
      const { _source, _changes } = exampleFile(file)
      expect(_source.url).toMatch(/^https:\/\/github\.com\/(boto\/botocore|aws\/aws-cli)\//)
      expect(_source.example.length).toBeGreaterThan(0)
      for (const change of _changes) expect(change.why.length, change.path).toBeGreaterThan(10)
    },
  )
})

describe('a plan against AWS example responses that match the manifests', () => {
  it('is empty: no resource has a difference', () => {
    const p = plan(awsExampleState())
    expect(p.actions.map((a) => [a.id, a.diff])).toEqual([
      ['Cluster/my-cluster', []],
      ['Namespace/example-http', []],
      ['Service/my-cluster/my-service', []],
    ])
    expect(countChanges(p)).toBe(0)
  })

  it('waits on the service, because the example was captured just after CreateService (running 0 of 2)', () => {
    const service = plan(awsExampleState()).actions.find((a) => a.id === 'Service/my-cluster/my-service')
    expect(service?.action).toBe('wait')
    expect(service?.reasons.join()).toContain('running 0/2')
    const steady = awsExampleState({
      service: (s) => {
        s['runningCount'] = 2
        for (const d of s['deployments'] as Record<string, unknown>[]) d['runningCount'] = 2
      },
    })
    expect(plan(steady).actions.find((a) => a.id === 'Service/my-cluster/my-service')?.action).toBe('noop')
  })

  it('leaves alone an experiment template it did not create (the FIS example carries no ownership tag), even with --prune', () => {
    const p = plan(awsExampleState(), undefined, { prune: true })
    expect(p.actions.filter((a) => a.action === 'delete')).toEqual([])
  })
})

describe('real differences against the examples show', () => {
  const live = () => awsExampleState()
  it.each([
    [
      'an image',
      (t: string) => t.replace('image: wordpress', 'image: wordpress:6'),
      ['taskDefinition.containers.wordpress.image'],
    ],
    [
      'a container memory',
      (t: string) => t.replace('memory: 500\n        portMappings', 'memory: 400\n        portMappings'),
      ['taskDefinition.containers.wordpress.memory'],
    ],
    [
      'an environment value',
      (t: string) => t.replace('MYSQL_ROOT_PASSWORD: password', 'MYSQL_ROOT_PASSWORD: other'),
      ['taskDefinition.containers.mysql.environment.MYSQL_ROOT_PASSWORD'],
    ],
    [
      'a port protocol',
      (t: string) => t.replace('- containerPort: 80', '- containerPort: 80\n            protocol: udp'),
      ['taskDefinition.containers.wordpress.portMappings'],
    ],
    [
      'the public IP',
      (t: string) => t.replace('assignPublicIp: true', 'assignPublicIp: false'),
      ['network.assignPublicIp'],
    ],
    [
      'a subnet',
      (t: string) => t.replace('[subnet-12344321]', '[subnet-12344321, subnet-0a1b2c3d]'),
      ['network.subnets'],
    ],
    ['a tag value', (t: string) => t.replace('key3: value3', 'key3: other'), ['tags.key3']],
    [
      'the scaling ceiling',
      (t: string) => t.replace('maxCapacity: 10', 'maxCapacity: 12'),
      ['autoscaling.maxCapacity'],
    ],
    [
      'the circuit breaker (absent in the example)',
      (t: string) =>
        t.replace(
          '  platformVersion: LATEST\n',
          '  platformVersion: LATEST\n  deployment:\n    circuitBreaker: {enable: true, rollback: true}\n',
        ),
      ['deployment.circuitBreaker.enable', 'deployment.circuitBreaker.rollback'],
    ],
    [
      'a namespace description',
      (t: string) =>
        t.replace('description: Example.com AWS Cloud Map HTTP Namespace', 'description: another'),
      ['description'],
    ],
  ])('%s', (_what, edit, paths) => {
    const found = changes(live(), edit)
    expect(found).toHaveLength(1)
    const depth = paths[0]?.split('.').length ?? 0
    expect([...new Set(found[0]?.paths.map((p) => p.split('.').slice(0, depth).join('.')))]).toEqual(paths)
  })

  it('the task definition as AWS published it (EC2: no task cpu, memory or network mode, so bridge; links) differs in exactly those fields', () => {
    const EC2_ONLY = [
      'taskDefinition.cpu',
      'taskDefinition.memory',
      'taskDefinition.networkMode',
      'taskDefinition.containerDefinitions.0.links',
    ]
    const onlyRenames = (c: { path: string }) => !EC2_ONLY.includes(c.path)
    const found = changes(awsExampleState({}, onlyRenames))
    expect(found).toHaveLength(1)
    expect(found[0]?.paths.sort()).toEqual([
      'taskDefinition.containers.wordpress.links',
      'taskDefinition.cpu',
      'taskDefinition.memory',
      'taskDefinition.networkMode',
    ])
  })
})
