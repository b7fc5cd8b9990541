/** What verify reads from a manifest value: role names, ECR images, secrets' own ARNs, parameter names, alarm names. */
import { describe, expect, it } from 'vitest'
import { trustedServicesOf } from '../../../src/cloud/aws/account/iam.js'
import { alarmNameOf, imageSourceOf, roleNameOf, secretSourceOf } from '../../../src/verify/references.js'

describe('role names (GetRole takes the name without its path)', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/shop-task-execution', 'shop-task-execution'],
    ['arn:aws:iam::123456789012:role/teams/shop/api', 'api'],
    ['arn:aws:iam::123456789012:user/someone', undefined],
  ])('%s → %s', (arn, name) => expect(roleNameOf(arn)).toBe(name))
})

describe('images', () => {
  it.each([
    [
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.2.3',
      { ecr: { registryId: '123456789012', region: 'eu-west-1', repository: 'shop/api', tag: '1.2.3' } },
    ],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/api',
      { ecr: { registryId: '123456789012', region: 'us-east-1', repository: 'api', tag: 'latest' } },
    ],
    [
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1@sha256:${'b'.repeat(64)}`,
      {
        ecr: {
          registryId: '123456789012',
          region: 'us-east-1',
          repository: 'api',
          digest: `sha256:${'b'.repeat(64)}`,
        },
      },
    ],
    ['public.ecr.aws/nginx/nginx:1.27', { registry: 'public.ecr.aws' }],
    ['nginx:1.27', { registry: 'Docker Hub' }],
    ['library/nginx', { registry: 'Docker Hub' }],
    ['localhost:5000/app:1', { registry: 'localhost:5000' }],
  ])('%s', (image, source) => expect(imageSourceOf(image)).toEqual(source))
})

describe('secrets', () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf'
  it('a Secrets Manager ARN with a json-key:stage:version suffix is described by its own ARN', () => {
    expect(secretSourceOf(`${arn}:password:AWSCURRENT:`)).toEqual({ secretArn: arn, region: 'us-east-1' })
    expect(secretSourceOf(arn)).toEqual({ secretArn: arn, region: 'us-east-1' })
  })
  it('an SSM parameter ARN gives the parameter name (a hierarchy keeps its leading slash)', () => {
    expect(secretSourceOf('arn:aws:ssm:us-east-1:123456789012:parameter/shop/api-key')).toEqual({
      parameterNames: ['/shop/api-key'],
      name: '/shop/api-key',
      region: 'us-east-1',
    })
    expect(secretSourceOf('arn:aws:ssm:us-east-1:123456789012:parameter/apikey')).toMatchObject({
      parameterNames: ['apikey', '/apikey'],
    })
  })
  it('anything else is neither', () => {
    expect(secretSourceOf('arn:aws:s3:::bucket/key')).toEqual({ unknown: true })
    expect(secretSourceOf('/shop/api-key', 'eu-west-1')).toEqual({
      parameterNames: ['/shop/api-key'],
      name: '/shop/api-key',
      region: 'eu-west-1',
    })
  })
})

describe('alarm names', () => {
  it.each([
    ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-5xx', 'orders-5xx'],
    ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:a:b', 'a:b'],
    ['arn:aws:sns:us-east-1:123456789012:topic', undefined],
  ])('%s → %s', (arn, name) => expect(alarmNameOf(arn)).toBe(name))
})

describe('trust policies (GetRole returns them URL-encoded)', () => {
  const policy = (statement: object) =>
    encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }))
  it('lists the service principals an Allow statement lets assume the role', () => {
    const doc = policy([
      {
        Effect: 'Allow',
        Principal: { Service: ['ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'] },
        Action: 'sts:AssumeRole',
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'fis.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      },
    ])
    expect(trustedServicesOf(doc)).toEqual([
      'ecs-tasks.amazonaws.com',
      'ec2.amazonaws.com',
      'fis.amazonaws.com',
    ])
  })
  it('ignores Deny statements, other actions, account principals and unreadable documents', () => {
    expect(
      trustedServicesOf(
        policy({
          Effect: 'Deny',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
        }),
      ),
    ).toEqual([])
    expect(
      trustedServicesOf(
        policy({
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:TagSession',
        }),
      ),
    ).toEqual([])
    expect(
      trustedServicesOf(
        policy({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }),
      ),
    ).toEqual([])
    expect(trustedServicesOf('%7Bnot json')).toEqual([])
  })
})
