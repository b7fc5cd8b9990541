/**
 * manifests/deploy: the task definition and service that run the daemon on Fargate. Checked for the
 * settings the daemon depends on, against the Dockerfile, and sent through the real ECS SDK client to
 * the local cloud, so a key the API does not know (which `--cli-input-json` would reject) shows up.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  type CreateServiceCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs'
import { describe, expect, it } from 'vitest'
import { FARGATE_MEMORY } from '../../src/manifest/facts/fargate.js'
import { clientConfig } from '../support/local-cloud.js'
import { startLocalCloud } from '../../src/localcloud/index.js'
import {
  execForm,
  healthcheckCommand,
  healthcheckOptions,
  instructionsOf,
  lastArgs,
  repoDockerfile,
} from '../support/dockerfile.js'

const ROOT = resolve(import.meta.dirname, '../..')
const DEPLOY = join(ROOT, 'manifests/deploy')

const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(DEPLOY, file), 'utf8')) as Record<string, unknown>
const taskDefinitionJson = readJson('task-definition.json')
const serviceJson = readJson('service.json')
const leaseTable = readJson('lease-table.json')
const leaseTtl = readJson('lease-table-ttl.json')
const taskDefinition: RegisterTaskDefinitionCommandInput =
  taskDefinitionJson as unknown as RegisterTaskDefinitionCommandInput
const service: CreateServiceCommandInput = serviceJson as unknown as CreateServiceCommandInput
const containers = taskDefinition.containerDefinitions ?? []
const container = containers[0]
const { runtime } = repoDockerfile()

/** The runtime stage's EXPOSE ports and HEALTHCHECK exec form. */
const exposed = (lastArgs(runtime, 'EXPOSE') ?? '').split(/\s+/).map((p) => Number(p.split('/')[0]))
const dockerHealthcheck = healthcheckCommand(lastArgs(runtime, 'HEALTHCHECK') ?? '') ?? null

const envNames = (container?.environment ?? []).map((e) => e.name ?? '')
const sourceText = (dir: string): string =>
  readdirSync(dir, { withFileTypes: true })
    .map((e) =>
      e.isDirectory()
        ? sourceText(join(dir, e.name))
        : e.name.endsWith('.ts')
          ? readFileSync(join(dir, e.name), 'utf8')
          : '',
    )
    .join('\n')

describe('manifests/deploy/task-definition.json', () => {
  it('is a Fargate task definition of family ecs-reconciler with one essential container', () => {
    expect(taskDefinition.family).toBe('ecs-reconciler')
    expect(taskDefinition.networkMode).toBe('awsvpc')
    expect(taskDefinition.requiresCompatibilities).toEqual(['FARGATE'])
    expect(containers).toHaveLength(1)
    expect(container?.essential).toBe(true)
  })

  it('asks for a valid Fargate cpu/memory pair', () => {
    const cpu = Number(taskDefinition.cpu)
    const memory = Number(taskDefinition.memory)
    expect(FARGATE_MEMORY[cpu], `cpu ${String(taskDefinition.cpu)}`).toBeDefined()
    expect(FARGATE_MEMORY[cpu], `memory ${String(taskDefinition.memory)} with cpu ${cpu}`).toContain(memory)
  })

  it('listens on the port the Dockerfile exposes and health-checks it the same way', () => {
    const ports = (container?.portMappings ?? []).map((p) => p.containerPort)
    expect(ports).toEqual([8080])
    expect(exposed).toContain(8080)
    const command = container?.healthCheck?.command ?? []
    expect(command[0]).toBe('CMD')
    expect(command.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:8080\/healthz/)
    expect(command.slice(1)).toEqual(dockerHealthcheck)
    if (container?.command) expect(container.command.join(' ')).toMatch(/^run\b.*--listen 0\.0\.0\.0:8080\b/)
  })

  it('gives the daemon’s 10 s shutdown room within the Fargate stop-timeout range', () => {
    expect(container?.stopTimeout).toBeGreaterThan(10)
    expect(container?.stopTimeout).toBeLessThanOrEqual(120)
  })

  it('reads the Git token from Secrets Manager, never from plain environment', () => {
    expect(container?.secrets).toEqual([
      {
        name: 'ECS_RECONCILER_GIT_TOKEN',
        valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+/) as string,
      },
    ])
    expect(envNames).not.toContain('ECS_RECONCILER_GIT_TOKEN')
  })

  it('sets the Git source and instance through variables the CLI reads', () => {
    for (const name of [
      'ECS_RECONCILER_GIT_URL',
      'ECS_RECONCILER_GIT_BRANCH',
      'ECS_RECONCILER_GIT_PATH',
      'ECS_RECONCILER_INSTANCE',
    ]) {
      expect(envNames, name).toContain(name)
    }
    const src = sourceText(join(ROOT, 'src'))
    const unread = envNames.filter((n) => n.startsWith('ECS_RECONCILER_') && !src.includes(`'${n}'`))
    expect(unread, 'set in the task definition but read nowhere in src/').toEqual([])
    const url = container?.environment?.find((e) => e.name === 'ECS_RECONCILER_GIT_URL')?.value ?? ''
    expect(url, 'the token is only sent to https remotes').toMatch(/^https:\/\//)
  })

  it('names task and execution roles, logs to CloudWatch and runs as a non-root user', () => {
    expect(taskDefinition.taskRoleArn).toMatch(/^arn:aws:iam::\d{12}:role\/.+/)
    expect(taskDefinition.executionRoleArn).toMatch(/^arn:aws:iam::\d{12}:role\/.+/)
    expect(taskDefinition.taskRoleArn).not.toBe(taskDefinition.executionRoleArn)
    expect(container?.logConfiguration?.logDriver).toBe('awslogs')
    expect(Object.keys(container?.logConfiguration?.options ?? {}).sort()).toEqual(
      expect.arrayContaining(['awslogs-group', 'awslogs-region', 'awslogs-stream-prefix']),
    )
    if (container?.user !== undefined) expect(container.user.split(':')[0]).not.toMatch(/^(root|0)$/)
  })
})

describe('manifests/deploy/task-definition.json matches the image as built', () => {
  it('runs as the Dockerfile USER and the command is its CMD', () => {
    expect(container?.user).toBe(lastArgs(runtime, 'USER'))
    expect(container?.command).toEqual(execForm(lastArgs(runtime, 'CMD') ?? ''))
    expect(container?.entryPoint, 'the image ENTRYPOINT (tini, then node) is kept').toBeUndefined()
  })

  it('has a read-only root file system, with every VOLUME of the image a writable task volume', () => {
    expect(container?.readonlyRootFilesystem).toBe(true)
    const imageVolumes = instructionsOf(runtime, 'VOLUME').flatMap(
      (v) => execForm(v.args) ?? v.args.split(/\s+/),
    )
    expect(imageVolumes.length).toBeGreaterThan(0)
    const taskVolumes = new Set((taskDefinition.volumes ?? []).map((v) => v.name))
    // Same path as the VOLUME: ECS copies the image's folder (and its 1777 permissions) into the bind mount
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html).
    for (const path of imageVolumes) {
      const mount = container?.mountPoints?.find((m) => m.containerPath === path)
      expect(mount, `a mount point at ${path}`).toBeDefined()
      expect(mount?.readOnly ?? false).toBe(false)
      expect(taskVolumes.has(mount?.sourceVolume), `task volume ${mount?.sourceVolume ?? ''}`).toBe(true)
    }
    // The daemon's Git clone lives under /tmp (run --git-dir's default), so it is writable too.
    expect(readFileSync(join(ROOT, 'src/cli/commands/run.ts'), 'utf8')).toMatch(
      /join\(tmpdir\(\), 'ecs-reconciler-git'\)/,
    )
    expect(container?.command?.join(' ')).not.toMatch(/--git-dir/)
  })

  it('health-checks like the Dockerfile HEALTHCHECK: same command, interval, timeout, retries and start period', () => {
    const options = healthcheckOptions(lastArgs(runtime, 'HEALTHCHECK') ?? '')
    const check = container?.healthCheck
    expect(check?.command?.slice(1)).toEqual(dockerHealthcheck)
    expect({
      interval: check?.interval,
      timeout: check?.timeout,
      retries: check?.retries,
      'start-period': check?.startPeriod,
    }).toEqual(options)
  })

  it('maps exactly the EXPOSEd ports', () => {
    expect((container?.portMappings ?? []).map((p) => p.containerPort).sort()).toEqual([...exposed].sort())
  })

  it('stops with SIGTERM and gives it the stop timeout; ECS runs an init process too', () => {
    expect(lastArgs(runtime, 'STOPSIGNAL') ?? 'SIGTERM').toBe('SIGTERM')
    // scripts/ci-image.sh sends SIGTERM to the container and fails past this stopTimeout.
    expect(container?.stopTimeout).toBeGreaterThanOrEqual(10)
    expect(container?.linuxParameters?.initProcessEnabled).toBe(true)
    // With ECS's init as PID 1, tini still reaps git's children as a subreaper (-s).
    expect(execForm(lastArgs(runtime, 'ENTRYPOINT') ?? '')?.slice(0, 3)).toEqual(['tini', '-s', '--'])
  })
})

describe('manifests/deploy/service.json', () => {
  it('runs two replicas behind the lease, and a rollout starts the new ones before it stops the old', () => {
    expect(service.desiredCount).toBe(2)
    // Overlap is safe because only the lease holder writes; 100/200 never leaves the service without a replica.
    expect(service.deploymentConfiguration?.minimumHealthyPercent).toBe(100)
    expect(service.deploymentConfiguration?.maximumPercent).toBe(200)
    expect(service.schedulingStrategy ?? 'REPLICA').toBe('REPLICA')
    expect(container?.environment).toContainEqual({
      name: 'ECS_RECONCILER_LEASE_TABLE',
      value: leaseTable['TableName'],
    })
  })
})

describe('manifests/deploy/lease-table.json and lease-table-ttl.json', () => {
  it('defines an on-demand table keyed by lease name, with TTL on the purge time the lease store writes', () => {
    expect(leaseTable).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'leaseName', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'leaseName', AttributeType: 'S' }],
    })
    expect(leaseTtl).toEqual({
      TableName: leaseTable['TableName'],
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'purgeAt' },
    })
    // TTL reads a Number attribute in Unix epoch seconds (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html).
    const store = readFileSync(join(ROOT, 'src/cloud/aws/dynamodb-lease.ts'), 'utf8')
    expect(store).toContain("const PURGE = 'purgeAt'")
    expect(store).toMatch(/Math\.ceil\(\(expiresAtMs \+ PURGE_AFTER_MS\) \/ 1000\)/)
  })

  it('runs the task definition above on Fargate in a VPC', () => {
    expect(service.taskDefinition?.split(':')[0]).toBe(taskDefinition.family)
    expect(service.launchType ?? service.capacityProviderStrategy?.[0]?.capacityProvider).toBe('FARGATE')
    expect(service.networkConfiguration?.awsvpcConfiguration?.subnets?.length).toBeGreaterThan(0)
    expect(service.networkConfiguration?.awsvpcConfiguration?.securityGroups?.length).toBeGreaterThan(0)
  })
})

describe('manifests/deploy through the ECS API', () => {
  it('holds no .yaml/.yml file the manifest loader would take for a manifest', () => {
    expect(readdirSync(DEPLOY).filter((f) => /\.ya?ml$/.test(f))).toEqual([])
  })

  it('registers and creates with every key kept by the SDK serializer, and the local cloud accepts both', async () => {
    const cloud = await startLocalCloud({ clock: 'manual' })
    const ecs = new ECSClient(clientConfig(cloud.endpoint))
    const bodies = new Map<string, unknown>()
    ecs.middlewareStack.add(
      (next, context) => async (args) => {
        const body = (args.request as { body?: unknown }).body
        const text =
          typeof body === 'string'
            ? body
            : body instanceof Uint8Array
              ? new TextDecoder().decode(body)
              : undefined
        if (text !== undefined && context.commandName) bodies.set(context.commandName, JSON.parse(text))
        return next(args)
      },
      { step: 'finalizeRequest', name: 'captureBody' },
    )
    try {
      await ecs.send(new CreateClusterCommand({ clusterName: service.cluster ?? 'default' }))
      const registered = await ecs.send(new RegisterTaskDefinitionCommand(taskDefinition))
      expect(registered.taskDefinition?.family).toBe('ecs-reconciler')
      const created = await ecs.send(new CreateServiceCommand(service))
      expect(created.service?.serviceName).toBe(service.serviceName)
      // What went over the wire still holds every key of the files: nothing was unknown to the model.
      expect(bodies.get('RegisterTaskDefinitionCommand')).toMatchObject(taskDefinitionJson)
      expect(bodies.get('CreateServiceCommand')).toMatchObject(serviceJson)
    } finally {
      ecs.destroy()
      await cloud.close()
    }
  })
})
