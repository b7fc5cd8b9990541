/**
 * A Service may use the API's own spellings of the fields the manifests write in a friendlier form
 * (containerDefinitions, networkConfiguration, deploymentConfiguration, serviceConnectConfiguration,
 * tags as [{key, value}]: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html). Either
 * spelling means the same; both at once is an error; an error inside points at what was written.
 */
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import {
  desiredServiceSettings,
  desiredTaskDefinition,
} from '../../../src/reconciler/kinds/service/desired.js'
import { validationErrors } from '../../support/manifests.js'

const FRIENDLY = `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata: {name: web}
spec:
  network: {subnets: [subnet-1], securityGroups: [sg-1], assignPublicIp: true}
  deployment: {maximumPercent: 150, circuitBreaker: {enable: true, rollback: true}}
  tags: {team: web}
  taskDefinition:
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: nginx:1.27
`

const API = `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata: {name: web}
spec:
  networkConfiguration:
    awsvpcConfiguration: {subnets: [subnet-1], securityGroups: [sg-1], assignPublicIp: ENABLED}
  deploymentConfiguration:
    maximumPercent: 150
    deploymentCircuitBreaker: {enable: true, rollback: true}
  serviceConnectConfiguration: {enabled: false}
  tags: [{key: team, value: web}]
  taskDefinition:
    cpu: 256
    memory: 512
    containerDefinitions:
      - name: app
        image: nginx:1.27
`

const serviceOf = (text: string) => {
  const result = validateFiles([{ file: 'svc.yaml', text }])
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
  return result.set.byKind.Service[0]!
}

describe("the API's spellings", () => {
  it('mean what the friendly forms mean: the same task definition, settings and tags', () => {
    const friendly = serviceOf(FRIENDLY)
    const api = serviceOf(API)
    expect(desiredTaskDefinition(api)).toEqual(desiredTaskDefinition(friendly))
    expect(desiredServiceSettings(api, undefined)).toEqual(desiredServiceSettings(friendly, undefined))
    expect(api.spec.tags).toEqual({ team: 'web' })
    // enabled: false is Service Connect off, which the friendly form says by leaving it out.
    expect(api.spec.serviceConnect).toBeUndefined()
  })

  it('turn on Service Connect with enabled: true', () => {
    const text = API.replace(
      '{enabled: false}',
      '{enabled: true, namespace: shop, services: [{portName: http}]}',
    )
    const errors = validationErrors(text).filter((e) => e.rule.startsWith('schema/'))
    expect(errors).toEqual([])
  })

  it('are an error next to their friendly form, at the API-spelled key', () => {
    const both = API.replace(
      '  tags: [{key: team, value: web}]\n',
      '  tags: [{key: team, value: web}]\n  network: {subnets: [subnet-1]}\n',
    )
    const [issue] = validationErrors(both)
    expect(issue).toMatchObject({ rule: 'schema/synonym', line: 5 })
    expect(issue?.message).toContain("`networkConfiguration` is the API's spelling of `network`")
  })

  it('keep the positions of what was written in later errors', () => {
    const noImage = API.replace('        image: nginx:1.27\n', '        essential: true\n')
    expect(validationErrors(noImage)[0]?.line).toBe(16)
    const noSubnets = API.replace('subnets: [subnet-1], securityGroups', 'subnets: [], securityGroups')
    expect(validationErrors(noSubnets)[0]?.line).toBe(6)
    const badBreaker = API.replace('{enable: true, rollback: true}', '{enable: yes-please, rollback: true}')
    expect(validationErrors(badBreaker)[0]?.line).toBe(9)
    const badTag = API.replace('value: web}', 'value: [web]}')
    expect(validationErrors(badTag)[0]?.line).toBe(11)
  })

  it('take a port mapping with hostPort as the API writes it, equal to containerPort', () => {
    const port = (ports: string) =>
      API.replace(
        '        image: nginx:1.27\n',
        `        image: nginx:1.27\n        portMappings: [${ports}]\n`,
      )
    expect(validationErrors(port('{containerPort: 80, hostPort: 80}'))).toEqual([])
    const [issue] = validationErrors(port('{containerPort: 80, hostPort: 8080}'))
    expect(issue?.line).toBe(18)
    expect(issue?.message).toContain('hostPort must equal containerPort')
  })

  it("take a log configuration's secretOptions as the API's list", () => {
    const log = (secretOptions: string) =>
      API.replace(
        '        image: nginx:1.27\n',
        `        image: nginx:1.27\n        logConfiguration: {logDriver: splunk, secretOptions: ${secretOptions}}\n`,
      )
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:splunk'
    const asList = desiredTaskDefinition(serviceOf(log(`[{name: splunk-token, valueFrom: "${arn}"}]`)))
    const asMap = desiredTaskDefinition(serviceOf(log(`{splunk-token: "${arn}"}`)))
    expect(asList).toEqual(asMap)
    expect(asList.containerDefinitions[0]?.logConfiguration?.secretOptions).toEqual([
      { name: 'splunk-token', valueFrom: arn },
    ])
  })
})
