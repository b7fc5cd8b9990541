/** @module The fewest calls one read pass can make: every listing paged and every describe batched at the API's maximum. */

export interface PassShape {
  readonly services: number
  readonly namespaces: number
  /** Services with autoscaling: their policies and scheduled actions are read per service. */
  readonly scaled: number
  /**
   * Services that declare monitoring or were last applied with it: their current service revision is
   * read (one each when steady), 20 a DescribeServiceRevisions call; the others cost nothing.
   */
  readonly monitored?: number
}

/**
 * Namespaces' tags have no batch form (one ListTagsForResource each); a pass also looks for managed
 * resources that left the manifests: our services through their tag (GetResources, 100 a page) and
 * the FIS templates (one listing).
 */
export function readPassMinimum({
  services,
  namespaces,
  scaled,
  monitored = 0,
}: PassShape): Record<string, number> {
  const all = {
    'ServiceDiscovery.ListNamespaces': Math.max(1, Math.ceil(namespaces / 100)),
    'ServiceDiscovery.ListTagsForResource': namespaces,
    'ECS.DescribeClusters': 1,
    'ECS.DescribeServices': Math.ceil(services / 10),
    'ECS.DescribeServiceRevisions': Math.ceil(monitored / 20),
    'ResourceGroupsTaggingAPI.GetResources': Math.max(1, Math.ceil(services / 100)),
    'ApplicationAutoScaling.DescribeScalableTargets': Math.ceil(services / 50),
    'ApplicationAutoScaling.DescribeScalingPolicies': scaled,
    'ApplicationAutoScaling.DescribeScheduledActions': scaled,
    'FIS.ListExperimentTemplates': 1,
  }
  return Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0))
}
