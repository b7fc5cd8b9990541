/**
 * What only the local cloud has to say about the account services: the default VPC's fixed ids
 * (docs/local-cloud.md; https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html), that
 * account resources persist in the state file like the rest, and that a state file from before
 * they existed still loads; and that a secret's ARN suffix, random in AWS
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html), is derived
 * from its name here, as docs/local-cloud.md documents, so the example shop can name its secrets.
 */
import {
  DescribeSecurityGroupsCommand,
  EC2Client,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2'
import { CreateClusterCommand } from '@aws-sdk/client-ecs'
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam'
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreateSecretCommand, DeleteSecretCommand } from '@aws-sdk/client-secrets-manager'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { clientConfig, startWithClients, type Clients } from '../../support/local-cloud.js'

let c: Clients | undefined
afterEach(async () => {
  await c?.close()
  c = undefined
})

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
})

describe('the default VPC', () => {
  it('exists in every region with the documented ids', async () => {
    c = await startWithClients()
    for (const region of ['us-east-1', 'eu-west-1']) {
      const ec2 = new EC2Client(clientConfig(c.cloud.endpoint, { region }))
      const vpcs = await ec2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
      )
      expect(vpcs.Vpcs?.map((v) => [v.VpcId, v.CidrBlock])).toEqual([
        ['vpc-0a1b2c3d4e5f60000', '172.31.0.0/16'],
      ])
      const subnets = await ec2.send(
        new DescribeSubnetsCommand({ SubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'] }),
      )
      expect(subnets.Subnets?.map((s) => [s.VpcId, s.AvailabilityZone, s.DefaultForAz])).toEqual([
        ['vpc-0a1b2c3d4e5f60000', `${region}a`, true],
        ['vpc-0a1b2c3d4e5f60000', `${region}b`, true],
      ])
      const groups = await ec2.send(
        new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0', 'sg-0123456789abcdef1'] }),
      )
      expect(groups.SecurityGroups?.map((g) => [g.GroupName, g.VpcId])).toEqual([
        ['default', 'vpc-0a1b2c3d4e5f60000'],
        ['default-web', 'vpc-0a1b2c3d4e5f60000'],
      ])
      ec2.destroy()
    }
  })
})

describe('persistence', () => {
  it('roles and log groups survive a restart on the same state file', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'lc-account-')), 'state.json')
    c = await startWithClients({ statePath })
    await c.account.iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trust }))
    await c.account.logs.send(new CreateLogGroupCommand({ logGroupName: '/shop/web' }))
    await c.close()
    c = await startWithClients({ statePath })
    const role = await c.account.iam.send(new GetRoleCommand({ RoleName: 'exec' }))
    expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? '')).toBe(trust)
    const groups = await c.account.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/shop' }))
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/shop/web'])
  })

  it('a state file written before the account services existed loads, with them empty', async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'lc-account-')), 'state.json')
    c = await startWithClients({ statePath })
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'shop' }))
    await c.close()
    const old = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>
    for (const area of ['iam', 'ecr', 'secrets', 'ssm', 'logs', 'cloudwatch', 'ec2', 'elbv2']) {
      delete old[area]
    }
    writeFileSync(statePath, JSON.stringify(old))
    c = await startWithClients({ statePath })
    await c.account.iam.send(new CreateRoleCommand({ RoleName: 'exec', AssumeRolePolicyDocument: trust }))
    const subnets = await c.account.ec2.send(
      new DescribeSubnetsCommand({ SubnetIds: ['subnet-0a1b2c3d4e5f60001'] }),
    )
    expect(subnets.Subnets).toHaveLength(1)
  })
})

describe('secret ARNs', () => {
  it('end with six characters derived from the name, the same in every world and after a re-create', async () => {
    const arns: string[] = []
    for (let world = 0; world < 2; world++) {
      c = await startWithClients()
      const secrets = c.account.secrets
      const created = await secrets.send(
        new CreateSecretCommand({ Name: 'shop/ledger/db', SecretString: 'x' }),
      )
      arns.push(created.ARN ?? '')
      await secrets.send(
        new DeleteSecretCommand({ SecretId: 'shop/ledger/db', ForceDeleteWithoutRecovery: true }),
      )
      const again = await secrets.send(new CreateSecretCommand({ Name: 'shop/ledger/db', SecretString: 'x' }))
      arns.push(again.ARN ?? '')
      const other = await secrets.send(new CreateSecretCommand({ Name: 'shop/orders/db', SecretString: 'x' }))
      expect(other.ARN).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/orders/db-v5osP6')
      await c.close()
      c = undefined
    }
    expect(new Set(arns)).toEqual(
      new Set(['arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/ledger/db-orj0ac']),
    )
  })
})
