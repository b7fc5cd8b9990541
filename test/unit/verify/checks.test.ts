/**
 * The verify checks are a pure function of (manifests, what the account reads found): a table of
 * accounts, each missing one thing, and the one check that must fail, with its manifest line.
 */
import { describe, expect, it } from 'vitest'
import type { AccountLookup, AccountLookups } from '../../../src/cloud/ports/index.js'
import { validateFiles } from '../../../src/manifest/validate.js'
import { judgeProbes, probesOf, wantedReads } from '../../../src/verify/evaluate.js'
import type { AccountFacts, VerifyCheck } from '../../../src/verify/types.js'

const ACCOUNT = '123456789012'
const TG = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:targetgroup/api/0123456789abcdef`
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:api/db-AbCdEf`
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0.0`

const SERVICE = `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  cluster: shop
  taskDefinition:
    cpu: 256
    memory: 512
    executionRoleArn: arn:aws:iam::${ACCOUNT}:role/shop-execution
    taskRoleArn: arn:aws:iam::${ACCOUNT}:role/teams/shop-api
    containers:
      - name: app
        image: ${IMAGE}
        secrets:
          DB_URL: "${SECRET}:password::"
          API_KEY: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/shop/api-key
        logConfiguration:
          logDriver: awslogs
          options:
            awslogs-group: /shop/api
            awslogs-region: us-east-1
            awslogs-stream-prefix: app
      - name: sidecar
        image: public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0
  network:
    subnets: [subnet-a, subnet-b]
    securityGroups: [sg-1]
  loadBalancers:
    - targetGroupArn: ${TG}
      containerName: app
      containerPort: 8080
  deployment:
    alarms:
      alarmNames: [api-5xx]
      enable: true
      rollback: true
`

const found = <T>(value: T): AccountLookup<T> => ({ state: 'found', value })
const lookups = <T>(entries: Record<string, AccountLookup<T>>): AccountLookups<T> =>
  new Map(Object.entries(entries))

function completeAccount(): AccountFacts {
  const role = found({ arn: 'x', trustedServices: ['ecs-tasks.amazonaws.com'] })
  return {
    roles: lookups({ 'shop-execution': role, 'shop-api': role }),
    images: lookups({ [`${ACCOUNT}.dkr.ecr.us-east-1/shop/api:1.0.0`]: found(true as const) }),
    pullThrough: lookups({ [ACCOUNT]: found<readonly string[]>([]) }),
    secrets: lookups({ [SECRET]: found(true as const) }),
    parameters: lookups({ '/shop/api-key': found(true as const) }),
    logGroups: lookups({ '/shop/api': found(true as const) }),
    subnets: lookups({ 'subnet-a': found('vpc-1'), 'subnet-b': found('vpc-1') }),
    securityGroups: lookups({ 'sg-1': found('vpc-1') }),
    targetGroups: lookups({ [TG]: found({ targetType: 'ip', vpcId: 'vpc-1', loadBalancerArns: ['lb'] }) }),
    alarms: lookups({ 'api-5xx': found(true as const) }),
  }
}

function checks(facts: AccountFacts, text = SERVICE): VerifyCheck[] {
  const result = validateFiles([{ file: 'api.yaml', text }])
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([])
  return judgeProbes(probesOf(result.set.resources, { region: 'us-east-1' }), facts)
}

function withEntry<K extends keyof AccountFacts>(
  facts: AccountFacts,
  key: K,
  name: string,
  lookup: AccountLookup<unknown> | undefined,
): AccountFacts {
  const map = new Map(facts[key] as ReadonlyMap<string, AccountLookup<unknown>>)
  if (lookup) map.set(name, lookup)
  else map.delete(name)
  return { ...facts, [key]: map }
}

const MISSING: AccountLookup<never> = { state: 'missing' }

describe('verify checks on a complete account', () => {
  it('pass every check, and skip the image of a registry it cannot check, saying why', () => {
    const all = checks(completeAccount())
    expect(all.map((c) => [c.status, c.check, c.resource])).toEqual([
      ['passed', 'execution role', 'shop-execution'],
      ['passed', 'task role', 'shop-api'],
      ['passed', 'image', IMAGE],
      ['skipped', 'image', 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0'],
      ['passed', 'secret', SECRET],
      ['passed', 'parameter', '/shop/api-key'],
      ['passed', 'log group', '/shop/api'],
      ['passed', 'subnet', 'subnet-a'],
      ['passed', 'subnet', 'subnet-b'],
      ['passed', 'security group', 'sg-1'],
      ['passed', 'target group', TG],
      ['passed', 'deployment alarm', 'api-5xx'],
    ])
    expect(all[3]?.reason).toBe('public.ecr.aws is not a private ECR registry: its images cannot be checked')
  })

  it('reads each resource once, secrets by their own ARN and parameters by name, never their values', () => {
    const result = validateFiles([{ file: 'api.yaml', text: SERVICE }])
    const wanted = wantedReads(probesOf(result.set.resources, { region: 'us-east-1' }))
    expect(wanted).toMatchObject({
      roles: ['shop-api', 'shop-execution'],
      secrets: [SECRET],
      parameters: ['/shop/api-key'],
      subnets: ['subnet-a', 'subnet-b'],
      securityGroups: ['sg-1'],
      targetGroups: [TG],
      alarms: ['api-5xx'],
      logGroups: ['/shop/api'],
      pullThrough: [ACCOUNT],
    })
    expect(wanted.images).toEqual([
      { registryId: ACCOUNT, region: 'us-east-1', repository: 'shop/api', tag: '1.0.0' },
    ])
  })
})

const untrusted = found({ arn: 'x', trustedServices: ['ec2.amazonaws.com'] })
const CASES: [string, (f: AccountFacts) => AccountFacts, string, string, number, RegExp][] = [
  [
    'a missing execution role',
    (f) => withEntry(f, 'roles', 'shop-execution', MISSING),
    'execution role',
    'shop-execution',
    10,
    /does not exist/,
  ],
  [
    'a task role without ECS trust',
    (f) => withEntry(f, 'roles', 'shop-api', untrusted),
    'task role',
    'shop-api',
    11,
    /does not trust ecs-tasks\.amazonaws\.com/,
  ],
  [
    'a tag never pushed',
    (f) => withEntry(f, 'images', `${ACCOUNT}.dkr.ecr.us-east-1/shop/api:1.0.0`, MISSING),
    'image',
    IMAGE,
    14,
    /tag 1\.0\.0 not found in repository shop\/api/,
  ],
  [
    'a missing secret',
    (f) => withEntry(f, 'secrets', SECRET, MISSING),
    'secret',
    SECRET,
    16,
    /secret does not exist/,
  ],
  [
    'a missing parameter',
    (f) => withEntry(f, 'parameters', '/shop/api-key', MISSING),
    'parameter',
    '/shop/api-key',
    17,
    /parameter does not exist/,
  ],
  [
    'a missing log group',
    (f) => withEntry(f, 'logGroups', '/shop/api', MISSING),
    'log group',
    '/shop/api',
    21,
    /log group does not exist/,
  ],
  [
    'a missing subnet',
    (f) => withEntry(f, 'subnets', 'subnet-b', MISSING),
    'subnet',
    'subnet-b',
    27,
    /subnet does not exist/,
  ],
  [
    'a subnet of another VPC',
    (f) => withEntry(f, 'subnets', 'subnet-b', found('vpc-2')),
    'subnet',
    'subnet-b',
    27,
    /subnet is in vpc-2, but subnet subnet-a is in vpc-1/,
  ],
  [
    'a security group of another VPC',
    (f) => withEntry(f, 'securityGroups', 'sg-1', found('vpc-9')),
    'security group',
    'sg-1',
    28,
    /in vpc-9/,
  ],
  [
    'a missing security group',
    (f) => withEntry(f, 'securityGroups', 'sg-1', MISSING),
    'security group',
    'sg-1',
    28,
    /does not exist/,
  ],
  [
    'an instance target group',
    (f) =>
      withEntry(
        f,
        'targetGroups',
        TG,
        found({ targetType: 'instance', vpcId: 'vpc-1', loadBalancerArns: ['lb'] }),
      ),
    'target group',
    TG,
    30,
    /target type is instance; an awsvpc service needs ip/,
  ],
  [
    'a target group behind no load balancer',
    (f) =>
      withEntry(f, 'targetGroups', TG, found({ targetType: 'ip', vpcId: 'vpc-1', loadBalancerArns: [] })),
    'target group',
    TG,
    30,
    /not attached to any load balancer/,
  ],
  [
    'a target group in another VPC',
    (f) =>
      withEntry(f, 'targetGroups', TG, found({ targetType: 'ip', vpcId: 'vpc-7', loadBalancerArns: ['lb'] })),
    'target group',
    TG,
    30,
    /in vpc-7/,
  ],
  [
    'a missing target group',
    (f) => withEntry(f, 'targetGroups', TG, MISSING),
    'target group',
    TG,
    30,
    /does not exist/,
  ],
  [
    'a missing alarm',
    (f) => withEntry(f, 'alarms', 'api-5xx', MISSING),
    'deployment alarm',
    'api-5xx',
    35,
    /alarm does not exist/,
  ],
]

describe('an account missing one thing fails exactly that check, at its manifest line, with a fix', () => {
  it.each(CASES)('%s', (_name, edit, check, resource, line, reason) => {
    const failedChecks = checks(edit(completeAccount())).filter((c) => c.status === 'failed')
    expect(failedChecks).toHaveLength(1)
    const [only] = failedChecks
    expect(only).toMatchObject({
      subject: 'Service/shop/api',
      check,
      resource,
      position: { file: 'api.yaml', line },
    })
    expect(only?.reason).toMatch(reason)
    expect(only?.hint).toBeTruthy()
  })
})

describe('what verify does not count as a failure', () => {
  it('a denied read is skipped (access denied), never missing', () => {
    const denied: AccountLookup<never> = {
      state: 'unreadable',
      denied: true,
      detail: 'AccessDeniedException',
    }
    const all = checks(withEntry(completeAccount(), 'roles', 'shop-execution', denied))
    expect(all.find((c) => c.resource === 'shop-execution')).toMatchObject({
      status: 'skipped',
      reason: 'access denied (AccessDeniedException)',
    })
    expect(all.filter((c) => c.status === 'failed')).toEqual([])
  })

  it('an image under a pull-through cache rule is skipped with that reason, even when not yet pulled', () => {
    let facts = withEntry(completeAccount(), 'pullThrough', ACCOUNT, found(['shop']))
    facts = withEntry(facts, 'images', `${ACCOUNT}.dkr.ecr.us-east-1/shop/api:1.0.0`, MISSING)
    const image = checks(facts).find((c) => c.resource === IMAGE)
    expect(image).toMatchObject({ status: 'skipped' })
    expect(image?.reason).toMatch(/pull-through cache rule shop/)
  })

  it('a log group ECS creates itself (awslogs-create-group) is not read', () => {
    const text = SERVICE.replace(
      'awslogs-stream-prefix: app',
      'awslogs-stream-prefix: app\n            awslogs-create-group: "true"',
    )
    const facts = withEntry(completeAccount(), 'logGroups', '/shop/api', MISSING)
    expect(checks(facts, text).find((c) => c.check === 'log group')).toMatchObject({
      status: 'passed',
      reason: 'created by ECS on first start (awslogs-create-group)',
    })
  })
})
