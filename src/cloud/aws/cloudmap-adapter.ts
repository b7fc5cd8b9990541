/** @module Cloud Map (servicediscovery) reader and writer: HTTP namespaces, their operations and tags. */
import {
  CreateHttpNamespaceCommand,
  DeleteNamespaceCommand,
  GetOperationCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type NamespaceSummary,
  type ServiceDiscoveryClient,
  paginateListNamespaces,
  paginateListServices,
} from '@aws-sdk/client-servicediscovery'
import type {
  ActualNamespace,
  CloudMapOperation,
  CloudMapReader,
  CloudMapWriter,
  Tags,
} from '../ports/index.js'

/** ListNamespaces pages hold at most 100 (https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html). */
const PAGE = 100

const toTagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))

/** A ListNamespaces summary in the port model; tags come from ListTagsForResource. */
export function namespaceFromSummary(ns: NamespaceSummary): ActualNamespace {
  return {
    id: ns.Id ?? '',
    arn: ns.Arn ?? '',
    name: ns.Name ?? '',
    type: ns.Type ?? 'HTTP',
    ...(ns.Description ? { description: ns.Description } : {}),
    ...(ns.ServiceCount !== undefined ? { serviceCount: ns.ServiceCount } : {}),
    tags: {},
  }
}

export function tagsFromSdList(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Tags {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
}

export class CloudMapAdapter implements CloudMapReader, CloudMapWriter {
  constructor(private readonly client: ServiceDiscoveryClient) {}

  async listNamespaces(): Promise<ActualNamespace[]> {
    const found: ActualNamespace[] = []
    for await (const out of paginateListNamespaces(
      { client: this.client },
      {
        MaxResults: PAGE,
        Filters: [{ Name: 'TYPE', Values: ['HTTP'], Condition: 'EQ' }],
      },
    )) {
      for (const ns of out.Namespaces ?? []) found.push(namespaceFromSummary(ns))
      // Cloud Map pages first and filters after: a page may be empty while NextToken is set (https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html).
    }
    // Summaries carry no tags: one ListTagsForResource per namespace, in parallel.
    await Promise.all(
      found.map(async (ns) => {
        const out = await this.client.send(new ListTagsForResourceCommand({ ResourceARN: ns.arn }))
        ns.tags = tagsFromSdList(out.Tags)
      }),
    )
    return found
  }

  async getOperation(id: string): Promise<CloudMapOperation> {
    const out = await this.client.send(new GetOperationCommand({ OperationId: id }))
    const op = out.Operation
    return {
      id,
      status: op?.Status ?? 'PENDING',
      ...(op?.ErrorMessage ? { errorMessage: op.ErrorMessage } : {}),
      ...(op?.Targets?.['NAMESPACE'] ? { namespaceId: op.Targets['NAMESPACE'] } : {}),
    }
  }

  async listServiceNames(namespaceId: string): Promise<string[]> {
    const names: string[] = []
    for await (const out of paginateListServices(
      { client: this.client },
      {
        MaxResults: PAGE,
        Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }],
      },
    )) {
      names.push(...(out.Services ?? []).map((s) => s.Name ?? ''))
    }
    return names
  }

  async createHttpNamespace(
    name: string,
    description: string | undefined,
    tags: Tags,
  ): Promise<{ operationId: string }> {
    const out = await this.client.send(
      new CreateHttpNamespaceCommand({
        Name: name,
        ...(description ? { Description: description } : {}),
        Tags: toTagList(tags),
      }),
    )
    return { operationId: out.OperationId ?? '' }
  }

  async deleteNamespace(id: string): Promise<{ operationId: string }> {
    const out = await this.client.send(new DeleteNamespaceCommand({ Id: id }))
    return { operationId: out.OperationId ?? '' }
  }

  async tagResource(arn: string, tags: Tags): Promise<void> {
    await this.client.send(new TagResourceCommand({ ResourceARN: arn, Tags: toTagList(tags) }))
  }

  async untagResource(arn: string, keys: readonly string[]): Promise<void> {
    await this.client.send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: [...keys] }))
  }
}
