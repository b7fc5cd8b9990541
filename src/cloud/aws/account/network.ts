/**
 * @module Subnets and security groups (one Describe call for every id, through an id filter, so a missing
 * id is simply absent rather than failing the call) and target groups
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html).
 */
import { paginateDescribeSecurityGroups, paginateDescribeSubnets, type EC2Client } from '@aws-sdk/client-ec2'
import {
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import type { AccountLookup, AccountLookups, TargetGroupFacts } from '../../ports/index.js'
import { awsCodeOf, chunks, found, readBatch, readEach, unreadable } from './lookups.js'

/** EC2 takes up to 200 values in one filter. */
const FILTER_VALUES = 200
/** Target groups asked for in one DescribeTargetGroups call. */
const TARGET_GROUPS_PER_CALL = 20

async function byFilter(
  ids: readonly string[],
  operation: string,
  pages: (batch: string[]) => AsyncIterable<[string, string][]>,
): Promise<AccountLookups<string>> {
  const parts = await Promise.all(
    chunks(ids, FILTER_VALUES).map((batch) =>
      readBatch(batch, operation, async () => {
        const vpcs = new Map<string, string>()
        for await (const page of pages(batch)) for (const [id, vpc] of page) vpcs.set(id, vpc)
        return vpcs
      }),
    ),
  )
  return new Map(parts.flatMap((part) => [...part]))
}

export function describeSubnets(client: EC2Client, ids: readonly string[]): Promise<AccountLookups<string>> {
  return byFilter(ids, 'EC2.DescribeSubnets', async function* (batch) {
    const input = { Filters: [{ Name: 'subnet-id', Values: batch }] }
    for await (const page of paginateDescribeSubnets({ client }, input)) {
      yield (page.Subnets ?? []).map((s): [string, string] => [s.SubnetId ?? '', s.VpcId ?? ''])
    }
  })
}

export function describeSecurityGroups(
  client: EC2Client,
  ids: readonly string[],
): Promise<AccountLookups<string>> {
  return byFilter(ids, 'EC2.DescribeSecurityGroups', async function* (batch) {
    const input = { Filters: [{ Name: 'group-id', Values: batch }] }
    for await (const page of paginateDescribeSecurityGroups({ client }, input)) {
      yield (page.SecurityGroups ?? []).map((g): [string, string] => [g.GroupId ?? '', g.VpcId ?? ''])
    }
  })
}

const factsOf = (group: TargetGroup): TargetGroupFacts => ({
  targetType: group.TargetType ?? 'instance',
  vpcId: group.VpcId,
  loadBalancerArns: group.LoadBalancerArns ?? [],
})

/** A batch with one unknown ARN fails whole (TargetGroupNotFound): it is then asked ARN by ARN. */
async function describeBatch(
  client: ElasticLoadBalancingV2Client,
  batch: string[],
): Promise<[string, AccountLookup<TargetGroupFacts>][]> {
  try {
    const out = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: batch }))
    const byArn = new Map((out.TargetGroups ?? []).map((g) => [g.TargetGroupArn ?? '', g]))
    return batch.map((arn) => {
      const group = byArn.get(arn)
      return [arn, group ? found(factsOf(group)) : { state: 'missing' }]
    })
  } catch (err) {
    const name = awsCodeOf(err)
    if (!/TargetGroupNotFound/.test(name) || batch.length === 1) {
      const lookup = /TargetGroupNotFound/.test(name)
        ? ({ state: 'missing' } as const)
        : unreadable(err, 'ElasticLoadBalancingV2.DescribeTargetGroups')
      return batch.map((arn) => [arn, lookup])
    }
  }
  const each = await readEach(
    batch,
    'ElasticLoadBalancingV2.DescribeTargetGroups',
    /TargetGroupNotFound/,
    async (arn) => {
      const out = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))
      const group = out.TargetGroups?.[0]
      return group ? factsOf(group) : undefined
    },
  )
  return [...each.entries()]
}

export async function describeTargetGroups(
  client: ElasticLoadBalancingV2Client,
  arns: readonly string[],
): Promise<AccountLookups<TargetGroupFacts>> {
  const parts = await Promise.all(
    chunks(arns, TARGET_GROUPS_PER_CALL).map((batch) => describeBatch(client, batch)),
  )
  return new Map(parts.flat())
}
