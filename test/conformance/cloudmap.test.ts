/**
 * Cloud Map HTTP namespaces as the AWS Cloud Map API reference documents them
 * (https://docs.aws.amazon.com/cloud-map/latest/api/), run against the target of this run.
 */
import {
  CreateHttpNamespaceCommand,
  DeleteNamespaceCommand,
  GetNamespaceCommand,
  GetOperationCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-servicediscovery'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloudMapOperation } from '../../src/cloud/ports/index.js'
import { motoGap, openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

/** Polls an operation to a final status, letting the target move on between polls (bounded). */
async function finished(operationId: string): Promise<CloudMapOperation> {
  for (let i = 0; i < 20; i++) {
    const op = await t.cloud.readers.cloudMap.getOperation(operationId)
    if (op.status === 'SUCCESS' || op.status === 'FAIL') return op
    t.settle()
  }
  throw new Error(`operation ${operationId} did not finish`)
}

async function createNamespace(tags: Record<string, string> = {}) {
  const name = uniqueName('conf-ns')
  const { operationId } = await t.cloud.writers!.cloudMap.createHttpNamespace(name, 'conformance', tags)
  const op = await finished(operationId)
  return { name, op }
}

describe('HTTP namespaces', () => {
  // API_CreateHttpNamespace.html returns an OperationId; API_GetOperation.html reports SUCCESS with the NAMESPACE target;
  // API_ListNamespaces.html (Filters TYPE=HTTP) and API_GetNamespace.html then show it.
  it('create → operation SUCCESS → listed with its tags → GetNamespace', async () => {
    const { name, op } = await createNamespace({ team: 'a' })
    expect(op.status).toBe('SUCCESS')
    expect(op.namespaceId).toMatch(/^ns-/)
    const listed = (await t.cloud.readers.cloudMap.listNamespaces()).find((n) => n.name === name)
    expect(listed).toMatchObject({ id: op.namespaceId, type: 'HTTP', tags: { team: 'a' } })
    expect(listed?.arn).toMatch(
      new RegExp(`^arn:aws:servicediscovery:${t.region}:\\d{12}:namespace/${op.namespaceId}$`),
    )
    const got = await t.sd.send(new GetNamespaceCommand({ Id: op.namespaceId }))
    expect(got.Namespace).toMatchObject({
      Id: op.namespaceId,
      Name: name,
      Type: 'HTTP',
      Description: 'conformance',
    })
  })

  // API_GetOperation.html: Type CREATE_NAMESPACE, Targets.NAMESPACE is the namespace id.
  it('the create operation names its type and target', async () => {
    const name = uniqueName('conf-op')
    const out = await t.sd.send(new CreateHttpNamespaceCommand({ Name: name }))
    await finished(out.OperationId!)
    const op = await t.sd.send(new GetOperationCommand({ OperationId: out.OperationId }))
    expect(op.Operation).toMatchObject({ Id: out.OperationId, Type: 'CREATE_NAMESPACE', Status: 'SUCCESS' })
    expect(op.Operation?.Targets?.['NAMESPACE']).toMatch(/^ns-/)
  })

  // API_TagResource.html / API_UntagResource.html / API_ListTagsForResource.html on a namespace ARN.
  it('tags and untags a namespace', async () => {
    const { name } = await createNamespace({ a: '1' })
    const ns = (await t.cloud.readers.cloudMap.listNamespaces()).find((n) => n.name === name)!
    await t.cloud.writers!.cloudMap.tagResource(ns.arn, { b: '2' })
    await t.cloud.writers!.cloudMap.untagResource(ns.arn, ['a'])
    const out = await t.sd.send(new ListTagsForResourceCommand({ ResourceARN: ns.arn }))
    expect(out.Tags).toEqual([{ Key: 'b', Value: '2' }])
  })

  // API_DeleteNamespace.html returns an OperationId; once it succeeds the namespace is gone (GetNamespace: NamespaceNotFound).
  it('delete → operation SUCCESS → no longer listed', async () => {
    const { name, op } = await createNamespace()
    const { operationId } = await t.cloud.writers!.cloudMap.deleteNamespace(op.namespaceId!)
    expect((await finished(operationId)).status).toBe('SUCCESS')
    expect((await t.cloud.readers.cloudMap.listNamespaces()).map((n) => n.name)).not.toContain(name)
    expect((await rejectionOf(t.sd.send(new GetNamespaceCommand({ Id: op.namespaceId })))).name).toBe(
      'NamespaceNotFound',
    )
  })

  motoGap(
    'a second namespace with the same name is created',
    'moto 5.2.5 moto/servicediscovery/models.py:208 create_http_namespace (no name check)',
  )(
    // API_CreateHttpNamespace.html errors: NamespaceAlreadyExists when a namespace of that name exists.
    'a duplicate name is NamespaceAlreadyExists',
    async () => {
      const { name } = await createNamespace()
      const err = await rejectionOf(
        t.sd.send(new CreateHttpNamespaceCommand({ Name: name })).then((out) => finished(out.OperationId!)),
      )
      expect(err.name).toBe('NamespaceAlreadyExists')
    },
  )
})

describe('documented errors', () => {
  // API_GetNamespace.html / API_DeleteNamespace.html: NamespaceNotFound; API_GetOperation.html: OperationNotFound.
  it('NamespaceNotFound and OperationNotFound for unknown ids', async () => {
    expect((await rejectionOf(t.sd.send(new GetNamespaceCommand({ Id: 'ns-0000000000000000' })))).name).toBe(
      'NamespaceNotFound',
    )
    expect(
      (await rejectionOf(t.sd.send(new DeleteNamespaceCommand({ Id: 'ns-0000000000000000' })))).name,
    ).toBe('NamespaceNotFound')
    expect(
      (
        await rejectionOf(
          t.sd.send(new GetOperationCommand({ OperationId: 'nope0000000000000000000000000000' })),
        )
      ).name,
    ).toBe('OperationNotFound')
  })
})
