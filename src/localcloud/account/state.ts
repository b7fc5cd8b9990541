/**
 * @module What the account holds besides ECS, Cloud Map, Auto Scaling and FIS: the resources a
 * deploy depends on (roles, images, secrets, parameters, log groups, alarms, the network, target
 * groups). Plain JSON like the rest of the world; regional records carry their region.
 */
import type { Json, Tags } from '../values.js'

export interface IamRole {
  name: string
  id: string
  arn: string
  path: string
  /** The trust policy exactly as given (GetRole returns it URL-encoded). */
  assumeRolePolicyDocument: string
  description?: string
  maxSessionDuration: number
  createDate: number
  tags: Tags
}

export interface EcrImage {
  digest: string
  tags: string[]
  manifest: string
  mediaType: string
  sizeInBytes: number
  pushedAt: number
}

export interface EcrRepository {
  region: string
  name: string
  arn: string
  uri: string
  createdAt: number
  tagMutability: 'MUTABLE' | 'IMMUTABLE'
  /** By digest. */
  images: Record<string, EcrImage>
  tags: Tags
}

export interface EcrPullThroughCacheRule {
  region: string
  prefix: string
  upstreamRegistryUrl: string
  upstreamRegistry?: string
  credentialArn?: string
  createdAt: number
}

/** A secret's metadata; its value is not kept (nothing here reads values). */
export interface Secret {
  arn: string
  name: string
  description?: string
  kmsKeyId?: string
  createdAt: number
  versionId: string
  /** Whether it was created with a value (then it has an AWSCURRENT version). */
  hasValue: boolean
  /** Set when scheduled for deletion. */
  deletedAt?: number
  tags: Tags
}

export interface SsmParameterVersion {
  version: number
  value: string
  lastModifiedAt: number
  labels: string[]
}

export interface SsmParameter {
  region: string
  name: string
  arn: string
  type: 'String' | 'StringList' | 'SecureString'
  description?: string
  dataType: string
  /** Oldest first; the last is the current version. */
  versions: SsmParameterVersion[]
  tags: Tags
}

export interface LogGroup {
  region: string
  name: string
  arn: string
  createdAt: number
  retentionInDays?: number
  tags: Tags
}

export interface MetricAlarm {
  region: string
  name: string
  arn: string
  /** The PutMetricAlarm request as given, echoed by DescribeAlarms. */
  config: Json
  stateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'
  updatedAt: number
}

export interface Vpc {
  region: string
  id: string
  cidrBlock: string
  isDefault: boolean
  tags: Tags
}

export interface Subnet {
  region: string
  id: string
  vpcId: string
  cidrBlock: string
  availabilityZone: string
  defaultForAz: boolean
  tags: Tags
}

export interface SecurityGroup {
  region: string
  id: string
  name: string
  description: string
  vpcId: string
  tags: Tags
}

export interface LoadBalancer {
  region: string
  arn: string
  name: string
  type: string
  scheme: string
  vpcId: string
  subnets: string[]
  securityGroups: string[]
  createdAt: number
}

export interface TargetGroup {
  region: string
  arn: string
  name: string
  protocol?: string
  port?: number
  vpcId?: string
  targetType: string
  healthCheckPath?: string
  createdAt: number
}

export interface Listener {
  region: string
  arn: string
  loadBalancerArn: string
  protocol?: string
  port?: number
  /** Target groups its default actions forward to. */
  targetGroupArns: string[]
}

export interface CfnStack {
  region: string
  /** The stack id: `arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/UUID`. */
  id: string
  name: string
  description?: string
  /** Every template parameter with its value (DescribeStacks masks NoEcho ones). */
  parameters: { key: string; value: string; noEcho: boolean }[]
  outputs: { key: string; value: string; description?: string; exportName?: string }[]
  status: 'CREATE_COMPLETE' | 'DELETE_COMPLETE'
  createdAt: number
  deletedAt?: number
  templateBody: string
  tags: Tags
}

export interface S3Object {
  /** The bytes, base64 (the state file is JSON). */
  body: string
  size: number
  etag: string
  contentType: string
  lastModified: number
  metadata: Record<string, string>
}

export interface S3Bucket {
  name: string
  region: string
  createdAt: number
  /** By key. */
  objects: Record<string, S3Object>
}

export interface AccountAreas {
  iam: { roles: Record<string, IamRole> }
  ecr: {
    repositories: Record<string, EcrRepository>
    pullThroughCacheRules: Record<string, EcrPullThroughCacheRule>
  }
  secrets: { secrets: Record<string, Secret> }
  ssm: { parameters: Record<string, SsmParameter> }
  logs: { groups: Record<string, LogGroup> }
  cloudwatch: { alarms: Record<string, MetricAlarm> }
  ec2: {
    /** Regions whose default VPC exists (created on first use, see ec2/default-vpc.ts). */
    defaultVpcRegions?: string[]
    vpcs: Record<string, Vpc>
    subnets: Record<string, Subnet>
    securityGroups: Record<string, SecurityGroup>
  }
  elbv2: {
    loadBalancers: Record<string, LoadBalancer>
    targetGroups: Record<string, TargetGroup>
    listeners: Record<string, Listener>
  }
  /** By stack id; deleted stacks stay (DELETE_COMPLETE) for 90 days, as in AWS. */
  cloudformation: { stacks: Record<string, CfnStack> }
  /** By bucket name: bucket names are global. */
  s3: { buckets: Record<string, S3Bucket> }
}

export function emptyAccountAreas(): AccountAreas {
  return {
    iam: { roles: {} },
    ecr: { repositories: {}, pullThroughCacheRules: {} },
    secrets: { secrets: {} },
    ssm: { parameters: {} },
    logs: { groups: {} },
    cloudwatch: { alarms: {} },
    ec2: { vpcs: {}, subnets: {}, securityGroups: {} },
    elbv2: { loadBalancers: {}, targetGroups: {}, listeners: {} },
    cloudformation: { stacks: {} },
    s3: { buckets: {} },
  }
}

/** The key of a regional record named `name`. */
export const regional = (region: string, name: string): string => `${region}|${name}`
