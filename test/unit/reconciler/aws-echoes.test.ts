/**
 * The values AWS fills in that the normaliser must not report as changes (docs/aws-behaviour.md).
 * Documented echoes are present in the recorded response shapes (test/fixtures/aws-responses, each
 * citing its API reference page) and a plan against them is empty (plan.test.ts). Echoes the AWS
 * documentation does not settle are marked unverified here: the plan must be empty whether AWS
 * reports the default or omits it.
 */
import { describe, expect, it } from 'vitest'
import { countChanges } from '../../../src/reconciler/plan/types.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import type { ActualState } from '../../../src/reconciler/actual.js'
import { awsResponse, recordedExampleState } from '../../support/aws-responses.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = { instance: 'ecs-reconciler', revision: 'abc123', prune: false, adopt: false, maxDeletes: 5, force: false, manifestsFailed: false }
const plan = (live: ActualState, edit?: (file: string, text: string) => string) => {
  const { set, graph } = loadExample(edit)
  return buildPlan(set, graph, live, OPTIONS)
}

type Json = Record<string, unknown>
const containers = () =>
  Object.values(awsResponse<{ responses: Record<string, { taskDefinition: { containerDefinitions: Json[] } }> }>('ecs-describe-task-definition.json').responses).flatMap((r) => r.taskDefinition.containerDefinitions)
const services = () => awsResponse<{ services: Json[] }>('ecs-describe-services.json').services

describe('documented echoes are in the recorded shapes (so the plan tests exercise them)', () => {
  it('containers: essential, cpu 0, hostPort = containerPort and protocol tcp (API_ContainerDefinition, API_PortMapping; aws-facts §3.7)', () => {
    const all = containers()
    expect(all.every((c) => c['essential'] !== undefined)).toBe(true)
    expect(all.every((c) => typeof c['cpu'] === 'number')).toBe(true)
    const ports = all.flatMap((c) => (c['portMappings'] as Json[] | undefined) ?? [])
    expect(ports.length).toBeGreaterThan(0)
    expect(ports.every((p) => p['hostPort'] === p['containerPort'] && p['protocol'] === 'tcp')).toBe(true)
  })
  it('services: deployment 200/100, platformVersion, assignPublicIp, propagateTags, grace period (API_CreateService; aws-facts §3.1, §3.3)', () => {
    for (const s of services()) {
      expect(s['deploymentConfiguration']).toMatchObject({ maximumPercent: 200, minimumHealthyPercent: 100 })
      for (const field of ['platformVersion', 'propagateTags', 'healthCheckGracePeriodSeconds', 'enableExecuteCommand']) expect(s[field], field).toBeDefined()
      expect((s['networkConfiguration'] as { awsvpcConfiguration: Json }).awsvpcConfiguration['assignPublicIp']).toBe('DISABLED')
      expect('launchType' in s !== 'capacityProviderStrategy' in s).toBe(true)
    }
  })
})

describe('unverified echoes: the plan is empty either way', () => {
  const noBreaker = (file: string, text: string) => (file.endsWith('ledger.yaml') ? text.replace('    circuitBreaker:\n      enable: true\n      rollback: true\n', '') : text)
  const setBreaker = (value: Json | undefined) =>
    recordedExampleState({
      service: (name, s) => {
        if (name !== 'ledger') return
        const dc = s['deploymentConfiguration'] as Json
        if (value === undefined) delete dc['deploymentCircuitBreaker']
        else dc['deploymentCircuitBreaker'] = value
      },
    })

  it('circuit breaker left unset: reported as {enable: false, rollback: false} or omitted (unverified, aws-facts §3.7)', () => {
    expect(countChanges(plan(setBreaker({ enable: false, rollback: false }), noBreaker))).toBe(0)
    expect(countChanges(plan(setBreaker(undefined), noBreaker))).toBe(0)
  })

  it('Service Connect discoveryName left unset: reported as the portName or omitted (unverified, aws-facts §2.1, §3.7)', () => {
    const noDiscovery = (file: string, text: string) => (file.endsWith('ledger.yaml') ? text.replace('        discoveryName: ledger\n', '') : text)
    const withoutEcho = recordedExampleState({
      service: (name, s) => {
        if (name !== 'ledger') return
        for (const d of s['deployments'] as Json[]) for (const sc of ((d['serviceConnectConfiguration'] as Json | undefined)?.['services'] as Json[] | undefined) ?? []) delete sc['discoveryName']
      },
    })
    // The recorded discoveryName "ledger" differs from the portName "http": that is a real change when the manifest leaves it out.
    expect(countChanges(plan(withoutEcho, noDiscovery))).toBe(0)
  })
})
