/**
 * @module Benchmark: the local cloud's response time as it fills up (a write and a read with 0,
 * 1,000 and 5,000 services present) and the bytes it writes to its state file during a burst of
 * creates. Requests go through the SDK client the reconciler uses, against a real clock, with a
 * state file, as `--local` runs it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs'
import { CreateHttpNamespaceCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery'
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../src/localcloud/index.js'

const CLUSTER = 'bench'
const PER_NAMESPACE = 50
const PROBES = Array.from({ length: 10 }, (_, i) => `probe-${i}`)
const TIMING = { taskStartSeconds: 0.5, drainSeconds: 0.5, namespaceCreateSeconds: 0.05 }

export interface LatencyRow {
  /** Services present besides the probes. */
  readonly services: number
  /** UpdateService of one probe's desiredCount (starts or stops a task). */
  readonly updateServiceMs: Percentiles
  /** CreateService of a new service with Service Connect. */
  readonly createServiceMs: Percentiles
  /** DescribeServices of the 10 probes. */
  readonly describeServicesMs: Percentiles
  /** Size of the state file's last write. */
  readonly stateFileBytes: number
}

export interface Percentiles {
  readonly median: number
  readonly p95: number
  readonly max: number
}

export interface BurstRow {
  readonly services: number
  readonly ms: number
  readonly stateWrites: number
  readonly stateBytesWritten: number
}

export interface LocalCloudScaleResult {
  readonly latency: LatencyRow[]
  readonly burst: BurstRow
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100
  return { median: at(0.5), p95: at(0.95), max: at(1) }
}

async function time(samples: number[], fn: () => Promise<unknown>): Promise<void> {
  const start = performance.now()
  await fn()
  samples.push(performance.now() - start)
}

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
})

/** A cluster, one task definition and clients: what every service below is created from. */
class Filler {
  readonly ecs: ECSClient
  readonly sd: ServiceDiscoveryClient
  private namespaces = 0
  created = 0

  constructor(readonly cloud: LocalCloud) {
    this.ecs = new ECSClient(clientConfig(cloud.endpoint))
    this.sd = new ServiceDiscoveryClient(clientConfig(cloud.endpoint))
  }

  async init(): Promise<void> {
    await this.ecs.send(
      new CreateClusterCommand({ clusterName: CLUSTER, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] }),
    )
    await this.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'app',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
        containerDefinitions: [
          {
            name: 'app',
            image: 'public.ecr.aws/bench/app:1.0.0',
            cpu: 256,
            memory: 512,
            portMappings: [{ name: 'http', containerPort: 8080, appProtocol: 'http' }],
            environment: [{ name: 'LOG_LEVEL', value: 'info' }],
          },
        ],
      }),
    )
  }

  /** Creates a service as the reconciler does: network, circuit breaker, Service Connect endpoint. */
  async create(name: string, desiredCount = 1): Promise<void> {
    const ns = `ns${Math.floor(this.created / PER_NAMESPACE)}`
    if (this.created % PER_NAMESPACE === 0 && Math.floor(this.created / PER_NAMESPACE) >= this.namespaces) {
      await this.sd.send(new CreateHttpNamespaceCommand({ Name: ns }))
      this.namespaces += 1
      await new Promise((r) => setTimeout(r, TIMING.namespaceCreateSeconds * 1000 + 20))
    }
    this.created += 1
    await this.ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: name,
        taskDefinition: 'app:1',
        desiredCount,
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'] },
        },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        serviceConnectConfiguration: {
          enabled: true,
          namespace: ns,
          services: [{ portName: 'http', discoveryName: name, clientAliases: [{ port: 80, dnsName: name }] }],
        },
      }),
    )
  }

  close(): void {
    this.ecs.destroy()
    this.sd.destroy()
  }
}

/** One local cloud filled to a size, with its own state file, measured against the others. */
interface Subject {
  readonly services: number
  readonly filler: Filler
  readonly update: number[]
  readonly create: number[]
  readonly describe: number[]
  /** Size of the state file's last write. */
  readonly written: { bytes: number }
}

/** One round of requests on a subject: a write and a read (and, every `createEvery` rounds, a create). */
async function round(subject: Subject, i: number, createEvery: number, label: string): Promise<void> {
  const { filler } = subject
  const probe = PROBES[i % PROBES.length] ?? 'probe-0'
  await time(subject.update, () =>
    filler.ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: probe, desiredCount: 1 + (i % 2) }),
    ),
  )
  await time(subject.describe, () =>
    filler.ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: PROBES })),
  )
  if (i % createEvery === 0) await time(subject.create, () => filler.create(`${label}-${i}`))
}

export async function benchLocalCloudScale(
  options: {
    sizes?: number[]
    samples?: number
    burst?: number
    start?: (o: LocalCloudOptions) => Promise<LocalCloud>
  } = {},
): Promise<LocalCloudScaleResult> {
  const sizes = options.sizes ?? [0, 1000, 5000]
  const samples = options.samples ?? 200
  const start = options.start ?? startLocalCloud
  const dir = mkdtempSync(join(tmpdir(), 'bench-localcloud-'))
  try {
    // One cloud per size, filled first, then measured in alternation so that the load of a shared
    // machine falls on every size alike.
    const subjects: Subject[] = []
    try {
      for (const size of sizes) {
        const written = { bytes: 0 }
        const cloud = await start({
          statePath: join(dir, `latency-${size}.json`),
          timing: TIMING,
          onStateWrite: (bytes) => (written.bytes = bytes),
        })
        const filler = new Filler(cloud)
        subjects.push({ services: size, filler, update: [], create: [], describe: [], written })
        await filler.init()
        for (const probe of PROBES) await filler.create(probe)
        for (let i = 0; i < size; i++) await filler.create(`svc-${i}`)
      }
      // Warm-up (JIT, sockets), not recorded.
      for (let i = 0; i < 50; i++) for (const subject of subjects) await round(subject, i, 10, 'warm')
      for (const subject of subjects) {
        subject.update.length = subject.create.length = subject.describe.length = 0
      }
      for (let i = 0; i < samples; i++) for (const subject of subjects) await round(subject, i, 4, 'new')
    } finally {
      for (const { filler } of subjects) {
        filler.close()
        await filler.cloud.close()
      }
    }
    const latency: LatencyRow[] = subjects.map((s) => ({
      services: s.services,
      updateServiceMs: percentiles(s.update),
      createServiceMs: percentiles(s.create),
      describeServicesMs: percentiles(s.describe),
      stateFileBytes: s.written.bytes,
    }))

    // Bytes written to the state file while 1,000 services are created, as an apply from empty does.
    const count = options.burst ?? 1000
    let stateWrites = 0
    let stateBytesWritten = 0
    const burstCloud = await start({
      statePath: join(dir, 'burst.json'),
      timing: TIMING,
      onStateWrite: (bytes) => {
        stateWrites += 1
        stateBytesWritten += bytes
      },
    })
    const burstFiller = new Filler(burstCloud)
    const began = performance.now()
    try {
      await burstFiller.init()
      for (let i = 0; i < count; i++) await burstFiller.create(`svc-${i}`, 2)
    } finally {
      burstFiller.close()
      await burstCloud.close()
    }
    const burst = {
      services: count,
      ms: Math.round(performance.now() - began),
      stateWrites,
      stateBytesWritten,
    }
    return { latency, burst }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
