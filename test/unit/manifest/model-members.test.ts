/**
 * Service manifests carry every Fargate-applicable member of ECS's ContainerDefinition and
 * RegisterTaskDefinition (made from AWS's service model), and refuse the members ECS refuses on
 * Fargate, saying so (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FARGATE_REFUSED_MEMBERS } from '../../../src/aws-model/fargate.js'
import { MEMBER_DEFAULTS } from '../../../src/reconciler/kinds/service/defaults.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { desiredTaskDefinition } from '../../../src/reconciler/kinds/service/desired.js'
import { serviceManifest, validationErrors } from '../../support/manifests.js'

/** A Service whose only container carries `container` (YAML) and whose task carries `task` (YAML). */
const manifest = (container: string, task = '', cpu = '256') => serviceManifest({ container, task, cpu })
const check = (text: string) => validateFiles([{ file: 'svc.yaml', text }])
const errors = validationErrors

describe('members from the model', () => {
  it('accepts mountPoints, volumesFrom, ulimits, linuxParameters, firelensConfiguration and the rest', () => {
    const text = manifest(
      `mountPoints: [{sourceVolume: data, containerPath: /data, readOnly: false}]
volumesFrom: [{sourceContainer: app, readOnly: true}]
ulimits: [{name: nofile, softLimit: 65536, hardLimit: 65536}]
linuxParameters: {initProcessEnabled: true, capabilities: {add: [SYS_PTRACE], drop: [NET_RAW]}}
repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reg"}
firelensConfiguration: {type: fluentbit, options: {enable-ecs-log-metadata: "true"}}
systemControls: [{namespace: net.core.somaxconn, value: "1024"}]
environmentFiles: [{value: "arn:aws:s3:::bucket/app.env", type: s3}]
restartPolicy: {enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 60}
versionConsistency: disabled
interactive: false
pseudoTerminal: false
credentialSpecs: []`,
      `volumes:
  - name: data
    efsVolumeConfiguration: {fileSystemId: fs-1234, transitEncryption: ENABLED, transitEncryptionPort: 2999}
proxyConfiguration: {type: APPMESH, containerName: app, properties: [{name: IgnoredUID, value: "1337"}]}`,
    )
    expect(errors(text)).toEqual([])
  })

  it('passes every member through to the RegisterTaskDefinition payload under its API name', () => {
    const text = manifest(
      `ulimits: [{name: nofile, softLimit: 1024, hardLimit: 2048}]
linuxParameters: {initProcessEnabled: true}
environment: [{name: MODE, value: prod}]
secrets: {DB_PASSWORD: /prod/db/password}`,
      `proxyConfiguration: {type: APPMESH, containerName: app}`,
    )
    const result = check(text)
    expect(result.ok).toBe(true)
    const td = desiredTaskDefinition(result.set.byKind.Service[0]!)
    expect(td.proxyConfiguration).toEqual({ type: 'APPMESH', containerName: 'app' })
    expect(td.containerDefinitions[0]).toMatchObject({
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
      linuxParameters: { initProcessEnabled: true },
      environment: [{ name: 'MODE', value: 'prod' }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: '/prod/db/password' }],
    })
  })

  it('refuses an enum value the model does not have, naming the allowed ones', () => {
    const [issue] = errors(manifest('ulimits: [{name: nofiles, softLimit: 1, hardLimit: 1}]'))
    expect(issue).toMatchObject({ line: 13, rule: 'schema/invalid-value' })
    expect(issue?.hint).toContain('"nofile"')
  })

  it('refuses a member missing that the model requires', () => {
    const [issue] = errors(manifest('firelensConfiguration: {options: {a: b}}'))
    expect(issue?.message).toContain('firelensConfiguration.type')
    expect(issue?.hint).toContain('"fluentbit"')
  })
})

describe('members ECS refuses on Fargate', () => {
  it.each([
    ['links: [db]', 'links'],
    ['privileged: true', 'privileged'],
    ['hostname: web', 'hostname'],
    ['linuxParameters: {devices: [{hostPath: /dev/fuse}]}', 'devices'],
    ['linuxParameters: {tmpfs: [{containerPath: /tmp, size: 64}]}', 'tmpfs'],
  ])('%s is an error that says Fargate does not support it, with the source', (member, name) => {
    const found = errors(manifest(member))
    expect(found).toHaveLength(1)
    expect(found[0]?.line).toBe(13)
    expect(found[0]?.message).toContain(`${name} is not supported on Fargate`)
    expect(found[0]?.message).toContain('https://docs.aws.amazon.com/AmazonECS/')
  })

  it('refuses a log driver Fargate does not run, and accepts the three it does (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html)', () => {
    for (const driver of ['json-file', 'syslog', 'journald', 'gelf', 'fluentd']) {
      const [issue] = errors(manifest(`logConfiguration: {logDriver: ${driver}}`))
      expect(issue?.message, driver).toContain('not supported on Fargate: use awslogs, awsfirelens or splunk')
    }
    for (const driver of ['awslogs', 'awsfirelens', 'splunk']) {
      expect(errors(manifest(`logConfiguration: {logDriver: ${driver}}`)), driver).toEqual([])
    }
  })

  it('refuses a capability other than SYS_PTRACE, and a GPU', () => {
    expect(errors(manifest('linuxParameters: {capabilities: {add: [NET_ADMIN]}}'))[0]?.message).toContain(
      'not supported on Fargate',
    )
    expect(errors(manifest('resourceRequirements: [{type: GPU, value: "1"}]'))[0]?.message).toContain(
      'not supported on Fargate',
    )
  })

  it('refuses ipcMode, placementConstraints, Docker volumes and bind-mount source paths on the task', () => {
    expect(errors(manifest('', 'ipcMode: task'))[0]?.message).toContain('ipcMode is not supported on Fargate')
    expect(
      errors(manifest('', 'volumes: [{name: v, dockerVolumeConfiguration: {driver: local}}]'))[0]?.message,
    ).toContain('dockerVolumeConfiguration is not supported on Fargate')
    expect(errors(manifest('', 'volumes: [{name: v, host: {sourcePath: /srv}}]'))[0]?.message).toContain(
      'sourcePath is not supported on Fargate',
    )
    expect(errors(manifest('', 'volumes: [{name: v, host: {}}]'))).toEqual([])
  })
})

describe('task size', () => {
  it('accepts ".25 vcpu"', () => {
    expect(errors(manifest('', '', '".25 vcpu"'))).toEqual([])
  })

  it('refuses a size it cannot read, naming the valid values', () => {
    const [issue] = errors(manifest('', '', '"quarter"'))
    expect(issue?.message).toContain('256 ("0.25 vCPU")')
    expect(issue?.message).toContain('16384 ("16 vCPU")')
  })
})

describe('docs/manifest-members.md', () => {
  const text = readFileSync(new URL('../../../docs/manifest-members.md', import.meta.url), 'utf8')
  it('lists every member refused on Fargate and every default, with its source page', () => {
    for (const r of FARGATE_REFUSED_MEMBERS) {
      expect(text, r.member).toContain(r.member.split('.').pop())
      expect(text).toContain(r.source)
    }
    for (const [member, d] of Object.entries(MEMBER_DEFAULTS)) {
      expect(text, member).toContain(`\`${member}\``)
      expect(text).toContain(d.source)
    }
  })
})
