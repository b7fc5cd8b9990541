/**
 * Comparing the plans of two environments of one manifest set: every planned attribute as
 * `Kind/name path` → value, the keys whose values differ, and what the shop example's staging and prod
 * environments are meant to differ by (manifests/examples/shop/envs).
 */

interface PlanJson {
  readonly actions: readonly {
    kind: string
    name: string
    attributes: readonly { path: string; value: unknown }[]
  }[]
}

/** Every planned attribute of `plan -o json` output as `Kind/name path` → value. */
export function plannedAttributes(planJson: string): Map<string, unknown> {
  const plan = JSON.parse(planJson) as PlanJson
  const out = new Map<string, unknown>()
  for (const a of plan.actions) {
    for (const at of a.attributes) out.set(`${a.kind}/${a.name} ${at.path}`, at.value)
  }
  return out
}

/** The keys whose values differ between two plans (a key missing on one side counts), with both values. */
export function differences(
  a: Map<string, unknown>,
  b: Map<string, unknown>,
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {}
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))) out[key] = [a.get(key), b.get(key)]
  }
  return out
}

/** The storefront release each shop environment reads from SSM (what scripts/seed-demo.mjs seeds). */
export const SHOP_RELEASES = {
  '/shop/staging/storefront-version': '2.9.0',
  '/shop/prod/storefront-version': '2.8.0',
} as const

/**
 * What the shop's staging and prod plans differ by: the release from each SSM parameter, the
 * autoscaling bounds and counts prod patches, the subnets from each Terraform state (a list output stays
 * a list) and the ownership instance on every resource. `cluster` and `namespace` name the example's
 * cluster and Cloud Map namespace where a test renamed them.
 */
export function shopStagingProdDifferences(
  names: { cluster: string; namespace: string } = { cluster: 'shop', namespace: 'shop' },
): Record<string, [unknown, unknown]> {
  const twoSubnets = ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002']
  const threeSubnets = [...twoSubnets, 'subnet-0a1b2c3d4e5f60003']
  const expected: Record<string, [unknown, unknown]> = {
    'Service/storefront taskDefinition.containers.web.image': [
      `public.ecr.aws/shop/storefront:${SHOP_RELEASES['/shop/staging/storefront-version']}`,
      `public.ecr.aws/shop/storefront:${SHOP_RELEASES['/shop/prod/storefront-version']}`,
    ],
    'Service/storefront autoscaling.minCapacity': [1, 6],
    'Service/storefront autoscaling.maxCapacity': [4, 24],
  }
  for (const resource of [
    `Namespace/${names.namespace}`,
    `Cluster/${names.cluster}`,
    'ChaosSchedule/orders-resilience',
  ]) {
    expected[`${resource} tags.ecs-reconciler:managed-by`] = ['shop-staging', 'shop-prod']
  }
  for (const service of ['ledger', 'orders', 'payments', 'storefront']) {
    expected[`Service/${service} tags.ecs-reconciler:managed-by`] = ['shop-staging', 'shop-prod']
    expected[`Service/${service} network.subnets`] = [twoSubnets, threeSubnets]
    if (service !== 'storefront') expected[`Service/${service} desiredCount`] = [1, 3]
  }
  return expected
}
