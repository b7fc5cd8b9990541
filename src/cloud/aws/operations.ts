/**
 * @module Every AWS operation the adapters call, as `Service.Operation` (the names the call-counting
 * middleware records). Metrics create their series from it; a test keeps it equal to the adapters'
 * commands and to the deploy IAM policy.
 */
export const ADAPTER_OPERATIONS: readonly string[] = [
  ...[
    'CreateCluster',
    'CreateService',
    'DeleteService',
    'DeregisterTaskDefinition',
    'DescribeClusters',
    'DescribeServices',
    'DescribeTaskDefinition',
    'DescribeTasks',
    'ListClusters',
    'ListServices',
    'ListTaskDefinitions',
    'ListTasks',
    'PutClusterCapacityProviders',
    'RegisterTaskDefinition',
    'TagResource',
    'UntagResource',
    'UpdateCluster',
    'UpdateService',
  ].map((op) => `ECS.${op}`),
  ...[
    'CreateHttpNamespace',
    'DeleteNamespace',
    'GetOperation',
    'ListNamespaces',
    'ListServices',
    'ListTagsForResource',
    'TagResource',
    'UntagResource',
  ].map((op) => `ServiceDiscovery.${op}`),
  ...[
    'DeleteScalingPolicy',
    'DeleteScheduledAction',
    'DeregisterScalableTarget',
    'DescribeScalableTargets',
    'DescribeScalingPolicies',
    'DescribeScheduledActions',
    'PutScalingPolicy',
    'PutScheduledAction',
    'RegisterScalableTarget',
  ].map((op) => `ApplicationAutoScaling.${op}`),
  ...[
    'CreateExperimentTemplate',
    'DeleteExperimentTemplate',
    'GetExperiment',
    'GetExperimentTemplate',
    'ListExperimentTemplates',
    'ListExperiments',
    'StartExperiment',
    'StopExperiment',
    'TagResource',
    'UntagResource',
    'UpdateExperimentTemplate',
  ].map((op) => `FIS.${op}`),
  'ResourceGroupsTaggingAPI.GetResources',
  // The lease store (run --lease-table).
  ...['GetItem', 'Scan', 'UpdateItem'].map((op) => `DynamoDB.${op}`),
]
