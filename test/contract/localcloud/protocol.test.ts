/** Local cloud: protocol errors, fault injection and persistence, seen through the SDK clients. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ECSClient,
  ListAccountSettingsCommand,
} from '@aws-sdk/client-ecs'
import { CreateHttpNamespaceCommand, ListNamespacesCommand } from '@aws-sdk/client-servicediscovery'
import { afterEach, describe, expect, it } from 'vitest'
import { clientConfig, errorOf, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients | undefined
const dirs: string[] = []
afterEach(async () => {
  await c?.close()
  c = undefined
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('protocol', () => {
  it('an operation it does not serve is UnknownOperationException', async () => {
    c = await startWithClients()
    expect((await errorOf(c.ecs.send(new ListAccountSettingsCommand({})))).name).toBe(
      'UnknownOperationException',
    )
  })
  it('a missing required field is the service validation error', async () => {
    c = await startWithClients()
    expect(
      (await errorOf(c.ecs.send(new DescribeServicesCommand({ cluster: 'default', services: [] })))).name,
    ).toBe('ClusterNotFoundException')
    await c.ecs.send(new CreateClusterCommand({}))
    expect((await errorOf(c.ecs.send(new DescribeServicesCommand({ services: [] })))).name).toBe(
      'InvalidParameterException',
    )
    expect((await errorOf(c.sd.send(new CreateHttpNamespaceCommand({ Name: '' })))).name).toBe('InvalidInput')
  })
  it('malformed JSON is a SerializationException with HTTP 400', async () => {
    c = await startWithClients()
    const res = await fetch(c.cloud.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DescribeClusters',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{not json',
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { __type: string }).__type).toBe('SerializationException')
  })
  it('ARNs use the region the client signed for', async () => {
    c = await startWithClients()
    const seoul = new ECSClient(clientConfig(c.cloud.endpoint, { region: 'ap-northeast-2' }))
    const out = await seoul.send(new CreateClusterCommand({ clusterName: 'kr' }))
    expect(out.cluster?.clusterArn).toBe('arn:aws:ecs:ap-northeast-2:123456789012:cluster/kr')
    seoul.destroy()
  })
})

describe('faults', () => {
  it('throttling is retried by the SDK; with one attempt it surfaces as ThrottlingException', async () => {
    c = await startWithClients({ faults: { seed: 3, throttleRate: 0.2 } }, { maxAttempts: 4 })
    let ok = 0
    for (let i = 0; i < 8; i++) {
      await c.ecs.send(new DescribeClustersCommand({ clusters: ['x'] }))
      ok++
    }
    expect(ok).toBe(8)
    const once = new ECSClient(clientConfig(c.cloud.endpoint, { maxAttempts: 1 }))
    const names = new Set<string>()
    for (let i = 0; i < 12; i++) {
      try {
        await once.send(new DescribeClustersCommand({ clusters: ['x'] }))
      } catch (err) {
        names.add((err as Error).name)
      }
    }
    once.destroy()
    expect([...names]).toEqual(['ThrottlingException'])
  })
  it('server errors are 5xx and the same seed gives the same sequence', async () => {
    const run = async (): Promise<string> => {
      const clients = await startWithClients(
        { faults: { seed: 42, serverErrorRate: 0.5 } },
        { maxAttempts: 1 },
      )
      let pattern = ''
      for (let i = 0; i < 16; i++) {
        try {
          await clients.ecs.send(new DescribeClustersCommand({ clusters: ['x'] }))
          pattern += '.'
        } catch (err) {
          pattern +=
            (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 500 ? 'E' : '?'
        }
      }
      await clients.close()
      return pattern
    }
    const first = await run()
    expect(first).toMatch(/E/)
    expect(first).toMatch(/\./)
    expect(first).not.toMatch(/\?/)
    expect(await run()).toBe(first)
  })
  it('a targeted fault fails every request of one operation whose body matches, and only those', async () => {
    c = await startWithClients(
      {
        faults: {
          failRequests: [
            { operation: 'DescribeClusters', match: '"broken"' },
            { operation: 'DescribeServices', code: 'ServerException' },
          ],
        },
      },
      { maxAttempts: 3 },
    )
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'broken' }))
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'fine' }))
    const throttled = await errorOf(c.ecs.send(new DescribeClustersCommand({ clusters: ['broken'] })))
    expect(throttled.name).toBe('ThrottlingException')
    expect((throttled as { $metadata?: { attempts?: number } }).$metadata?.attempts).toBe(3)
    expect(
      (await c.ecs.send(new DescribeClustersCommand({ clusters: ['fine'] }))).clusters?.[0]?.clusterName,
    ).toBe('fine')
    const server = await errorOf(
      c.ecs.send(new DescribeServicesCommand({ cluster: 'fine', services: ['x'] })),
    )
    expect((server as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500)
  })
  it('added latency delays every response', async () => {
    c = await startWithClients({ faults: { latencyMs: 120 } })
    const start = Date.now()
    await c.ecs.send(new DescribeClustersCommand({ clusters: ['x'] }))
    expect(Date.now() - start).toBeGreaterThanOrEqual(110)
  })
})

describe('persistence', () => {
  it('a second server on the same state file sees the first one’s world; reads never rewrite the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-state-'))
    dirs.push(dir)
    const statePath = join(dir, 'state.json')
    c = await startWithClients({ statePath })
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }))
    await c.sd.send(new CreateHttpNamespaceCommand({ Name: 'kept-ns' }))
    await c.close()
    const before = readFileSync(statePath)
    c = await startWithClients({ statePath })
    c.cloud.advance(60)
    expect(
      (await c.ecs.send(new DescribeClustersCommand({ clusters: ['kept'] }))).clusters?.[0]?.clusterName,
    ).toBe('kept')
    expect((await c.sd.send(new ListNamespacesCommand({}))).Namespaces?.map((n) => n.Name)).toEqual([
      'kept-ns',
    ])
    expect(readFileSync(statePath).equals(before)).toBe(true)
  })
  it('a burst of mutations is written together: the file stays whole JSON during it and holds everything after close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-state-'))
    dirs.push(dir)
    const statePath = join(dir, 'state.json')
    c = await startWithClients({ statePath })
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'kept' }))
    await c.close()
    const writes: number[] = []
    // An interval longer than the burst: its first change is written at once, the rest together on close.
    c = await startWithClients({
      statePath,
      persistIntervalMs: 600_000,
      onStateWrite: (bytes) => writes.push(bytes),
    })
    const clusters = (file: string) =>
      Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { ecs: { clusters: object } }).ecs.clusters)
    for (let i = 0; i < 60; i++) {
      await c.ecs.send(new CreateClusterCommand({ clusterName: `burst-${i}` }))
      if (i % 20 === 0) expect(clusters(statePath)).toEqual(['kept', 'burst-0'])
    }
    expect(writes).toHaveLength(1)
    await c.close()
    expect(writes).toHaveLength(2)
    expect(clusters(statePath)).toEqual(['kept', ...Array.from({ length: 60 }, (_, i) => `burst-${i}`)])
  })
})
