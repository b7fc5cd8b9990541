/**
 * Seeds an account the way a user would in AWS (the ordinary SDK calls) with everything one service
 * manifest references, and writes that manifest: what the verify tests check on the local cloud and
 * on moto. Names are unique per call, since moto keeps its state between test files.
 */
import { randomBytes } from 'node:crypto'
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch'
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2'
import { CreateRepositoryCommand, PutImageCommand } from '@aws-sdk/client-ecr'
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager'
import { PutParameterCommand } from '@aws-sdk/client-ssm'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { AccountClients } from './account-clients.js'

export interface SeededAccount {
  readonly executionRole: string
  readonly taskRole: string
  /** A role that exists but trusts ec2.amazonaws.com, not ECS. */
  readonly untrustedRole: string
  readonly image: string
  readonly secretArn: string
  readonly parameterArn: string
  readonly logGroup: string
  readonly subnets: readonly [string, string]
  /** A subnet of another VPC. */
  readonly otherVpcSubnet: string
  readonly securityGroup: string
  readonly targetGroupArn: string
  /** A target group of target type `instance`, behind the same load balancer. */
  readonly instanceTargetGroupArn: string
  readonly alarm: string
}

const trust = (service: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  })

/** A minimal Docker image manifest (schema 2): PutImage stores it under the tag. */
const IMAGE_MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  config: {
    mediaType: 'application/vnd.docker.container.image.v1+json',
    size: 2,
    digest: `sha256:${'a'.repeat(64)}`,
  },
  layers: [],
})

async function seedNetwork(c: AccountClients, tag: string) {
  const vpc = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))
  const vpcId = vpc.Vpc?.VpcId ?? ''
  const subnet = async (vpc: string, cidr: string, zone: string) =>
    (await c.ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: zone })))
      .Subnet?.SubnetId ?? ''
  const a = await subnet(vpcId, '10.60.1.0/24', 'us-east-1a')
  const b = await subnet(vpcId, '10.60.2.0/24', 'us-east-1b')
  const other = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16' }))
  const otherSubnet = await subnet(other.Vpc?.VpcId ?? '', '10.61.1.0/24', 'us-east-1a')
  const group = await c.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: `verify-${tag}`, Description: 'verify test', VpcId: vpcId }),
  )
  return { vpcId, subnets: [a, b] as const, otherSubnet, securityGroup: group.GroupId ?? '' }
}

async function seedLoadBalancing(
  c: AccountClients,
  tag: string,
  net: Awaited<ReturnType<typeof seedNetwork>>,
) {
  const lb = await c.elbv2.send(
    new CreateLoadBalancerCommand({
      Name: `verify-${tag}`,
      Subnets: [...net.subnets],
      SecurityGroups: [net.securityGroup],
    }),
  )
  const lbArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? ''
  const group = async (name: string, type: 'ip' | 'instance', port: number) => {
    const out = await c.elbv2.send(
      new CreateTargetGroupCommand({
        Name: name,
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: net.vpcId,
        TargetType: type,
      }),
    )
    const arn = out.TargetGroups?.[0]?.TargetGroupArn ?? ''
    // A listener forwarding to it is what puts a target group behind the load balancer.
    await c.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: port,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }],
      }),
    )
    return arn
  }
  return { ip: await group(`vip-${tag}`, 'ip', 80), instance: await group(`vin-${tag}`, 'instance', 81) }
}

export async function seedAccount(c: AccountClients, region = 'us-east-1'): Promise<SeededAccount> {
  const tag = randomBytes(3).toString('hex')
  const account = (await c.sts.send(new GetCallerIdentityCommand({}))).Account ?? ''
  const role = async (name: string, service: string) =>
    (await c.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust(service) })))
      .Role?.Arn ?? ''
  const repository = `verify/api-${tag}`
  await c.ecr.send(new CreateRepositoryCommand({ repositoryName: repository }))
  await c.ecr.send(
    new PutImageCommand({ repositoryName: repository, imageManifest: IMAGE_MANIFEST, imageTag: '1.0.0' }),
  )
  const secret = await c.secrets.send(
    new CreateSecretCommand({ Name: `verify/${tag}/db`, SecretString: 'never-read' }),
  )
  const parameter = `/verify/${tag}/api-key`
  await c.ssm.send(new PutParameterCommand({ Name: parameter, Value: 'never-read', Type: 'String' }))
  const logGroup = `/verify/${tag}/api`
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }))
  const alarm = `verify-${tag}-5xx`
  await c.cloudwatch.send(
    new PutMetricAlarmCommand({
      AlarmName: alarm,
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    }),
  )
  const net = await seedNetwork(c, tag)
  const groups = await seedLoadBalancing(c, tag, net)
  return {
    executionRole: await role(`verify-${tag}-execution`, 'ecs-tasks.amazonaws.com'),
    taskRole: await role(`verify-${tag}-task`, 'ecs-tasks.amazonaws.com'),
    untrustedRole: await role(`verify-${tag}-ec2`, 'ec2.amazonaws.com'),
    image: `${account}.dkr.ecr.${region}.amazonaws.com/${repository}:1.0.0`,
    secretArn: secret.ARN ?? '',
    parameterArn: `arn:aws:ssm:${region}:${account}:parameter${parameter}`,
    logGroup,
    subnets: net.subnets,
    otherVpcSubnet: net.otherSubnet,
    securityGroup: net.securityGroup,
    targetGroupArn: groups.ip,
    instanceTargetGroupArn: groups.instance,
    alarm,
  }
}

/** One service naming everything the account holds; line numbers are what the tests assert. */
export function verifiedServiceManifest(a: SeededAccount, region = 'us-east-1'): string {
  return `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  cluster: verify
  taskDefinition:
    cpu: 256
    memory: 512
    executionRoleArn: ${a.executionRole}
    taskRoleArn: ${a.taskRole}
    containers:
      - name: app
        image: ${a.image}
        portMappings:
          - containerPort: 8080
        secrets:
          DB_URL: ${a.secretArn}
          API_KEY: ${a.parameterArn}
        logConfiguration:
          logDriver: awslogs
          options:
            awslogs-group: ${a.logGroup}
            awslogs-region: ${region}
            awslogs-stream-prefix: app
  network:
    subnets: [${a.subnets[0]}, ${a.subnets[1]}]
    securityGroups: [${a.securityGroup}]
  loadBalancers:
    - targetGroupArn: ${a.targetGroupArn}
      containerName: app
      containerPort: 8080
  deployment:
    alarms:
      alarmNames: [${a.alarm}]
      enable: true
      rollback: true
`
}

/** The manifest line of each reference in verifiedServiceManifest. */
export const MANIFEST_LINE = {
  executionRole: 10,
  taskRole: 11,
  image: 14,
  secret: 18,
  parameter: 19,
  logGroup: 23,
  subnets: 27,
  securityGroup: 28,
  targetGroup: 30,
  alarm: 35,
} as const
