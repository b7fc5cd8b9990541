/** Small manifest sets spread over several clusters (shards, prune scope): clusters, services, namespaces, chaos schedules as YAML texts. */
import { validateFiles, type ValidationResult } from '../../src/manifest/validate.js'

export interface ServiceDef {
  readonly name: string
  readonly cluster: string
  /** Service Connect namespace; with `server` it offers a port there, else it is a client. */
  readonly namespace?: string
  readonly server?: boolean
  readonly dependsOn?: readonly string[]
  readonly image?: string
}

export function clusterYaml(name: string): string {
  return `apiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec: {}\n`
}

export function namespaceYaml(name: string): string {
  return `apiVersion: ecs-reconciler/v1alpha1\nkind: Namespace\nmetadata:\n  name: ${name}\nspec: {}\n`
}

export function serviceYaml(s: ServiceDef): string {
  const connect =
    s.namespace === undefined
      ? ''
      : s.server
        ? `  serviceConnect:\n    namespace: ${s.namespace}\n    services:\n      - portName: http\n        discoveryName: ${s.name}\n`
        : `  serviceConnect:\n    namespace: ${s.namespace}\n`
  const deps = s.dependsOn?.length ? `  dependsOn: [${s.dependsOn.join(', ')}]\n` : ''
  return (
    [
      'apiVersion: ecs-reconciler/v1alpha1',
      'kind: Service',
      'metadata:',
      `  name: ${s.name}`,
      'spec:',
      `  cluster: ${s.cluster}`,
      '  desiredCount: 1',
      '  taskDefinition:',
      '    cpu: 256',
      '    memory: 512',
      '    containers:',
      '      - name: app',
      `        image: ${s.image ?? `public.ecr.aws/demo/${s.name}:1.0.0`}`,
      '        portMappings:',
      '          - name: http',
      '            containerPort: 8080',
      '            appProtocol: http',
      '  network:',
      '    subnets: [subnet-0a1b2c3d4e5f60001]',
      '    securityGroups: [sg-0123456789abcdef0]',
      '',
    ].join('\n') +
    connect +
    deps
  )
}

export function chaosYaml(name: string, service: string, cluster: string, schedule = '*/5 * * * *'): string {
  return [
    'apiVersion: ecs-reconciler/v1alpha1',
    'kind: ChaosSchedule',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  schedule: "${schedule}"`,
    '  target:',
    `    service: ${service}`,
    `    cluster: ${cluster}`,
    '    selection: COUNT(1)',
    '  actions:',
    '    - name: stop-one',
    '      type: aws:ecs:stop-task',
    '  roleArn: arn:aws:iam::123456789012:role/fis',
    '  stopConditions:',
    '    - cloudwatchAlarmArn: arn:aws:cloudwatch:us-east-1:123456789012:alarm:demo',
    '',
  ].join('\n')
}

/** Validates the texts as one set (one file each); throws with the issues when they do not validate. */
export function validSet(texts: readonly string[]): ValidationResult {
  const result = validateFiles(texts.map((text, i) => ({ file: `m${i}.yaml`, text })))
  if (!result.ok) {
    throw new Error(
      `does not validate: ${JSON.stringify(
        result.issues.filter((i) => i.severity === 'error'),
        null,
        2,
      )}`,
    )
  }
  return result
}
