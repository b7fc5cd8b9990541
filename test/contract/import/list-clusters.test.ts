/**
 * `import --all-clusters` finds clusters through ListClusters: the local cloud serves it as the ECS API
 * reference describes (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListClusters.html:
 * `clusterArns`, at most `maxResults` per page — 1 to 100, 100 when not given — and a `nextToken` while
 * more remain), and the adapter pages through all of them.
 */
import { ListClustersCommand } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAwsCloud } from '../../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../../src/cloud/ports/index.js'
import { startWithClients, errorOf, type Clients } from '../../support/local-cloud.js'

let clients: Clients
let cloud: Cloud

beforeAll(async () => {
  clients = await startWithClients()
  cloud = createAwsCloud({ readOnly: false, endpoint: clients.cloud.endpoint, region: 'us-east-1' })
  for (let i = 0; i < 105; i++) {
    await cloud.writers!.ecs.createCluster({ name: `c${String(i).padStart(3, '0')}` })
  }
})

afterAll(async () => {
  cloud.close()
  await clients.close()
})

describe('ListClusters', () => {
  it('pages by maxResults with a nextToken until the last page', async () => {
    const first = await clients.ecs.send(new ListClustersCommand({ maxResults: 60 }))
    expect(first.clusterArns).toHaveLength(60)
    expect(first.nextToken).toBeDefined()
    const second = await clients.ecs.send(
      new ListClustersCommand({ maxResults: 60, nextToken: first.nextToken }),
    )
    expect(second.clusterArns).toHaveLength(45)
    expect(second.nextToken).toBeUndefined()
    expect(new Set([...(first.clusterArns ?? []), ...(second.clusterArns ?? [])]).size).toBe(105)
  })

  it('returns at most 100 without maxResults, and refuses a maxResults above 100', async () => {
    const page = await clients.ecs.send(new ListClustersCommand({}))
    expect(page.clusterArns).toHaveLength(100)
    expect(page.nextToken).toBeDefined()
    expect((await errorOf(clients.ecs.send(new ListClustersCommand({ maxResults: 101 })))).name).toBe(
      'InvalidParameterException',
    )
  })

  it('the read-only adapter lists every cluster by name', async () => {
    const readOnly = createAwsCloud({ readOnly: true, endpoint: clients.cloud.endpoint, region: 'us-east-1' })
    try {
      const names = await readOnly.readers.ecs.listClusterNames()
      expect(names).toHaveLength(105)
      expect(names).toContain('c104')
    } finally {
      readOnly.close()
    }
  })
})
