/**
 * @module Tagging reader: finds our resources by tag across clusters and services through the Resource
 * Groups Tagging API's GetResources
 * (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html).
 */
import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api'
import type { TaggedResource, TaggingReader } from '../ports/index.js'

/** ResourcesPerPage accepts 1 to 100; the largest page costs the fewest calls. */
const PAGE = 100
/** A request takes at most 100 resource type filters. */
const MAX_TYPE_FILTERS = 100

/** GetResources takes at most 20 values per tag key. */
const MAX_VALUES_PER_KEY = 20

type TagFilters = { Key: string; Values: string[] }[]

export class TaggingAdapter implements TaggingReader {
  constructor(private readonly client: ResourceGroupsTaggingAPIClient) {}

  async findTagged(
    tagKey: string,
    tagValue: string,
    resourceTypes: readonly string[],
    alsoTagged?: { readonly key: string; readonly values: readonly string[] },
  ): Promise<TaggedResource[]> {
    const types = [...new Set(resourceTypes)]
    const batches: (string[] | undefined)[] =
      types.length === 0 ? [undefined] : chunks(types, MAX_TYPE_FILTERS)
    const owner = { Key: tagKey, Values: [tagValue] }
    // Values are ORed within a key and keys ANDed: each chunk of values is one more query.
    const filterSets: TagFilters[] = alsoTagged
      ? chunks([...new Set(alsoTagged.values)], MAX_VALUES_PER_KEY).map((values) => [
          owner,
          { Key: alsoTagged.key, Values: values },
        ])
      : [[owner]]
    const found = new Map<string, TaggedResource>()
    for (const filters of filterSets) {
      for (const batch of batches) {
        for (const resource of await this.getAll(filters, batch)) found.set(resource.arn, resource)
      }
    }
    return [...found.values()]
  }

  private async getAll(filters: TagFilters, types: string[] | undefined): Promise<TaggedResource[]> {
    const found: TaggedResource[] = []
    let token: string | undefined
    do {
      const input = {
        TagFilters: filters,
        ResourcesPerPage: PAGE,
        ...(types ? { ResourceTypeFilters: types } : {}),
        ...(token ? { PaginationToken: token } : {}),
      }
      const out = await this.client.send(new GetResourcesCommand(input))
      for (const mapping of out.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue
        const tags = Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']))
        found.push({ arn: mapping.ResourceARN, tags })
      }
      // The last page carries no token, or an empty one.
      token = out.PaginationToken || undefined
    } while (token)
    return found
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
