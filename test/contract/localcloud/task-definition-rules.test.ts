/**
 * Task definition rules AWS documents in prose, which its model cannot express: the 64 KiB size, members
 * Fargate refuses, and the compatibilities ECS computes. Each test cites its page.
 */
import { RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, FARGATE_TASK, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients
beforeAll(async () => {
  c = await startWithClients()
})
afterAll(async () => c.close())

const register = (input: RegisterTaskDefinitionCommandInput) =>
  c.ecs.send(new RegisterTaskDefinitionCommand(input))
const container = FARGATE_TASK.containerDefinitions[0]!

describe('size (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html: task definition size 64 KiB)', () => {
  const withEnvironment = (bytes: number): RegisterTaskDefinitionCommandInput => ({
    ...FARGATE_TASK,
    containerDefinitions: [{ ...container, environment: [{ name: 'BLOB', value: 'x'.repeat(bytes) }] }],
  })

  it('refuses a 70 KB task definition', async () => {
    const err = await errorOf(register(withEnvironment(70_000)))
    expect(err.name).toBe('ClientException')
    expect(err.message).toContain('64 KiB')
  })

  it('accepts one just under the limit', async () => {
    const out = await register(withEnvironment(60_000))
    expect(out.taskDefinition?.revision).toBeGreaterThan(0)
  })
})

describe('members Fargate refuses (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html)', () => {
  it.each([
    ['privileged', { privileged: true }, 'privileged'],
    ['links', { links: ['db'] }, 'links'],
    ['dnsServers', { dnsServers: ['10.0.0.2'] }, 'dnsServers'],
    [
      'a capability other than SYS_PTRACE',
      { linuxParameters: { capabilities: { add: ['NET_ADMIN'] } } },
      'NET_ADMIN',
    ],
    ['tmpfs', { linuxParameters: { tmpfs: [{ containerPath: '/t', size: 64 }] } }, 'tmpfs'],
    // "For tasks on AWS Fargate, the supported log drivers are awslogs, splunk, and awsfirelens"
    // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html).
    ['the syslog log driver', { logConfiguration: { logDriver: 'syslog' as const } }, 'syslog'],
  ])('refuses %s when the task definition requires FARGATE', async (_name, extra, named) => {
    const err = await errorOf(
      register({ ...FARGATE_TASK, containerDefinitions: [{ ...container, ...extra }] }),
    )
    expect(err.name).toBe('ClientException')
    expect(err.message).toContain(named)
  })

  it('accepts SYS_PTRACE, the one capability Fargate lets a container add', async () => {
    const linuxParameters = { capabilities: { add: ['SYS_PTRACE'] }, initProcessEnabled: true }
    const out = await register({ ...FARGATE_TASK, containerDefinitions: [{ ...container, linuxParameters }] })
    expect(out.taskDefinition?.compatibilities).toEqual(['EC2', 'FARGATE'])
  })
})

describe('compatibilities (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html)', () => {
  it('an awsvpc task definition with a Fargate size is valid for EC2 and Fargate even without requiresCompatibilities', async () => {
    const { requiresCompatibilities: _r, ...rest } = FARGATE_TASK
    const out = await register(rest)
    expect(out.taskDefinition?.compatibilities).toEqual(['EC2', 'FARGATE'])
  })

  it('a bridge task definition, or one with a member Fargate refuses, is valid for EC2 only', async () => {
    const { requiresCompatibilities: _r, networkMode: _n, ...rest } = FARGATE_TASK
    expect((await register(rest)).taskDefinition?.compatibilities).toEqual(['EC2'])
    const privileged = {
      ...FARGATE_TASK,
      requiresCompatibilities: [],
      containerDefinitions: [{ ...container, privileged: true }],
    }
    expect((await register(privileged)).taskDefinition?.compatibilities).toEqual(['EC2'])
  })

  it('refuses an eleventh container (10 containers per task definition, service quotas page)', async () => {
    const containers = Array.from({ length: 11 }, (_, i) => ({ ...container, name: `c${i}` }))
    const err = await errorOf(register({ ...FARGATE_TASK, containerDefinitions: containers }))
    expect(err.name).toBe('ClientException')
    expect(err.message).toContain('containerDefinitions')
  })
})

describe('port ranges (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html)', () => {
  const withPorts = (portMappings: object[]): RegisterTaskDefinitionCommandInput => ({
    ...FARGATE_TASK,
    containerDefinitions: [{ ...container, portMappings }],
  })

  it('stores a containerPortRange as given, with protocol tcp and no hostPort (ECS sets the host ports)', async () => {
    const out = await register(withPorts([{ containerPortRange: '8000-8010' }, { containerPort: 9000 }]))
    expect(out.taskDefinition?.containerDefinitions?.[0]?.portMappings).toEqual([
      { containerPortRange: '8000-8010', protocol: 'tcp' },
      { containerPort: 9000, hostPort: 9000, protocol: 'tcp' },
    ])
  })

  it('lets a range sit beside a port outside it', async () => {
    const out = await register(withPorts([{ containerPortRange: '5000-5010' }, { containerPort: 5011 }]))
    expect(out.taskDefinition?.containerDefinitions?.[0]?.portMappings).toHaveLength(2)
  })

  it.each([
    ['a first port not less than the last', [{ containerPortRange: '8010-8000' }], 'containerPortRange'],
    ['a port above 65535', [{ containerPortRange: '65000-65536' }], 'containerPortRange'],
    ['a port 0', [{ containerPortRange: '0-10' }], 'containerPortRange'],
    ['text that is no range', [{ containerPortRange: '8000' }], 'containerPortRange'],
    ['a hostPort beside a range', [{ containerPortRange: '8000-8010', hostPort: 8000 }], 'hostPort'],
    [
      'overlapping ranges',
      [{ containerPortRange: '8000-8010' }, { containerPortRange: '8010-8020' }],
      'overlapping port ranges',
    ],
    [
      'one port for two protocols ("You can\'t expose the same container port for multiple protocols")',
      [
        { containerPort: 53, protocol: 'tcp' },
        { containerPort: 53, protocol: 'udp' },
      ],
      'more than one port mapping',
    ],
    [
      'a tcp and a udp range over the same ports',
      [
        { containerPortRange: '5000-5010', protocol: 'tcp' },
        { containerPortRange: '5000-5010', protocol: 'udp' },
      ],
      'more than one port mapping',
    ],
    [
      'more than 100 ranges',
      Array.from({ length: 101 }, (_, i) => ({
        containerPortRange: `${10_000 + i * 10}-${10_005 + i * 10}`,
      })),
      '100',
    ],
  ])('refuses %s', async (_name, portMappings, named) => {
    const err = await errorOf(register(withPorts(portMappings)))
    expect(err.name).toBe('ClientException')
    expect(err.message).toContain(named)
  })
})

describe('task size strings (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html: "String values are converted to an integer")', () => {
  it.each([
    ['.25 vcpu', '.5 gb', '256', '512'],
    ['0.5 vCPU', '1 GB', '512', '1024'],
    ['1024', '2048', '1024', '2048'],
  ])('cpu %j and memory %j register as %s and %s', async (cpu, memory, units, mib) => {
    const out = await register({ ...FARGATE_TASK, cpu, memory })
    expect([out.taskDefinition?.cpu, out.taskDefinition?.memory]).toEqual([units, mib])
  })
})
