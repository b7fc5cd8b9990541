/**
 * The values AWS fills in that the normaliser must not report as changes (docs/aws-behaviour.md).
 * Echoes that AWS's own published example responses show (test/fixtures/aws-responses, each naming
 * its source) are checked to be there, and a plan against those examples is empty
 * (aws-examples-plan.test.ts). Echoes no example or document settles are marked unverified here:
 * the plan must be empty whether AWS reports the default or omits it.
 */
import { describe, expect, it } from 'vitest'
import { countChanges } from '../../../src/reconciler/plan/types.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import type { ActualState } from '../../../src/reconciler/actual.js'
import { awsExample } from '../../support/aws-examples.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'abc123',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const plan = (live: ActualState, edit?: (file: string, text: string) => string) => {
  const { set, graph } = loadExample(edit)
  return buildPlan(set, graph, live, OPTIONS)
}

type Json = Record<string, unknown>
const asPublished = () => false

describe("echoes AWS's published examples show (so the plan against them exercises them)", () => {
  it('DescribeTaskDefinition: essential, hostPort = containerPort, and empty lists for unset list fields', () => {
    const td = awsExample<{ taskDefinition: Json & { containerDefinitions: Json[] } }>(
      'ecs-describe-task-definition.json',
      asPublished,
    ).taskDefinition
    expect(td['volumes']).toEqual([])
    for (const c of td.containerDefinitions) {
      expect(c['essential']).toBe(true)
      for (const list of ['environment', 'mountPoints', 'volumesFrom', 'portMappings']) {
        expect(Array.isArray(c[list]), list).toBe(true)
      }
    }
    expect(td.containerDefinitions[0]?.['portMappings']).toEqual([{ containerPort: 80, hostPort: 80 }])
  })
  it('CreateService (Fargate): deployment 200/100 and propagateTags NONE though the request set neither; platformVersion LATEST kept at service level while the deployment reports the version it resolved to', () => {
    const s = awsExample<{ service: Json & { deployments: Json[] } }>(
      'ecs-create-service-fargate.json',
      asPublished,
    ).service
    expect(s['deploymentConfiguration']).toEqual({ maximumPercent: 200, minimumHealthyPercent: 100 })
    expect(s['propagateTags']).toBe('NONE')
    expect(s['platformVersion']).toBe('LATEST')
    expect(s.deployments[0]?.['platformVersion']).toBe('1.3.0')
    for (const list of ['loadBalancers', 'serviceRegistries', 'placementConstraints', 'placementStrategy']) {
      expect(s[list], list).toEqual([])
    }
    // Not in this (2019) example: the circuit breaker, grace period and execute-command fields.
    for (const field of ['healthCheckGracePeriodSeconds', 'enableExecuteCommand']) {
      expect(s[field], field).toBeUndefined()
    }
    expect(s['deploymentConfiguration']).not.toHaveProperty('deploymentCircuitBreaker')
  })
  it('DescribeServices: deployment 200/100 on a service created without them, and no rolloutState in this older shape', () => {
    const s = awsExample<{ services: (Json & { deployments: Json[] })[] }>('ecs-describe-services.json')
      .services[0]
    expect(s?.['deploymentConfiguration']).toEqual({ maximumPercent: 200, minimumHealthyPercent: 100 })
    expect(s?.deployments[0]).not.toHaveProperty('rolloutState')
  })
  it('GetExperimentTemplate: an action without parameters is reported with an empty map', () => {
    const t = awsExample<{ experimentTemplate: { actions: Record<string, Json> } }>(
      'fis-get-experiment-template.json',
    ).experimentTemplate
    expect(t.actions['testaction']?.['parameters']).toEqual({})
  })
})

describe('unverified echoes: the plan is empty either way', () => {
  const noBreaker = (file: string, text: string) =>
    file.endsWith('ledger.yaml')
      ? text.replace('    circuitBreaker:\n      enable: true\n      rollback: true\n', '')
      : text
  const setBreaker = (value: Json | undefined) =>
    shopLiveState({
      service: (name, s) => {
        if (name !== 'ledger') return
        const dc = s['deploymentConfiguration'] as Json
        if (value === undefined) delete dc['deploymentCircuitBreaker']
        else dc['deploymentCircuitBreaker'] = value
      },
    })

  it('circuit breaker left unset: reported as {enable: false, rollback: false} or omitted (unverified, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html)', () => {
    expect(countChanges(plan(setBreaker({ enable: false, rollback: false }), noBreaker))).toBe(0)
    expect(countChanges(plan(setBreaker(undefined), noBreaker))).toBe(0)
  })

  it('Service Connect discoveryName left unset: reported as the portName or omitted (unverified, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectService.html)', () => {
    const noDiscovery = (file: string, text: string) =>
      file.endsWith('ledger.yaml') ? text.replace('        discoveryName: ledger\n', '') : text
    const withoutEcho = shopLiveState({
      service: (name, s) => {
        if (name !== 'ledger') return
        for (const d of s['deployments'] as Json[]) {
          for (const sc of ((d['serviceConnectConfiguration'] as Json | undefined)?.['services'] as
            Json[] | undefined) ?? []) {
            delete sc['discoveryName']
          }
        }
      },
    })
    // The recorded discoveryName "ledger" differs from the portName "http": that is a real change when the manifest leaves it out.
    expect(countChanges(plan(withoutEcho, noDiscovery))).toBe(0)
  })
})
