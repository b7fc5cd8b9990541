/**
 * @module The service's subnets and security groups exist and share one VPC, and its target groups
 * exist, have target type `ip` (what an awsvpc service needs), sit behind a load balancer and in the
 * subnets' VPC (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-load-balancing.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html).
 */
import type { ServiceResource } from '../../manifest/model.js'
import { failed, judgeLookup, passed } from '../judge.js'
import type { AccountFacts, Probe, Verdict } from '../types.js'
import { existenceProbe, probeAt, type VerifyRule } from './probe.js'

/** The service's VPC: that of its first subnet found (the others are measured against it). */
function serviceVpc(
  facts: AccountFacts,
  subnets: readonly string[],
): { vpc: string; subnet: string } | undefined {
  for (const subnet of subnets) {
    const lookup = facts.subnets.get(subnet)
    if (lookup?.state === 'found') return { vpc: lookup.value, subnet }
  }
  return undefined
}

function inServiceVpc(what: string, vpc: string, reference: ReturnType<typeof serviceVpc>): Verdict {
  if (!reference || reference.vpc === vpc) return passed(`exists in ${vpc}`)
  return failed(
    `${what} is in ${vpc}, but subnet ${reference.subnet} is in ${reference.vpc}`,
    `use subnets, security groups and target groups of one VPC (${reference.vpc})`,
  )
}

function networkProbes(
  resource: ServiceResource,
  subnets: readonly string[],
  groups: readonly string[],
): Probe[] {
  const subnetProbes = subnets.map((id, i) =>
    existenceProbe(resource, ['network', 'subnets', i], {
      check: 'subnet',
      name: id,
      kind: 'subnets',
      missing: 'subnet does not exist',
      hint: 'fix the subnet id, or create the subnet',
      reads: { subnets },
      found: (vpc, facts) => inServiceVpc('subnet', vpc, serviceVpc(facts, subnets)),
    }),
  )
  const groupProbes = groups.map((id, i) =>
    existenceProbe(resource, ['network', 'securityGroups', i], {
      check: 'security group',
      name: id,
      kind: 'securityGroups',
      missing: 'security group does not exist',
      hint: 'fix the group id, or create the security group',
      reads: { subnets },
      found: (vpc, facts) => inServiceVpc('security group', vpc, serviceVpc(facts, subnets)),
    }),
  )
  return [...subnetProbes, ...groupProbes]
}

function targetGroupProbe(
  resource: ServiceResource,
  index: number,
  arn: string,
  subnets: readonly string[],
): Probe {
  return probeAt(resource, ['loadBalancers', index, 'targetGroupArn'], {
    check: 'target group',
    resource: arn,
    reads: { targetGroups: [arn], subnets },
    judge: (facts) =>
      judgeLookup(
        facts.targetGroups.get(arn),
        failed('target group does not exist', 'create the target group (target type ip), or fix the ARN'),
        (group) => {
          if (group.targetType !== 'ip') {
            return failed(
              `target type is ${group.targetType}; an awsvpc service needs ip`,
              'create a target group with target type ip and point the service at it',
            )
          }
          if (group.loadBalancerArns.length === 0) {
            return failed(
              'not attached to any load balancer',
              'add a listener (or rule) that forwards to it on an Application or Network Load Balancer',
            )
          }
          return group.vpcId
            ? inServiceVpc('target group', group.vpcId, serviceVpc(facts, subnets))
            : passed('exists with target type ip behind a load balancer')
        },
      ),
  })
}

export const networkRule: VerifyRule = (resource) => {
  if (resource.kind !== 'Service') return []
  const subnets = resource.spec.network?.subnets ?? []
  const groups = resource.spec.network?.securityGroups ?? []
  const targets = (resource.spec.loadBalancers ?? []).map((lb, i) =>
    targetGroupProbe(resource, i, lb.targetGroupArn, subnets),
  )
  return [...networkProbes(resource, subnets, groups), ...targets]
}
