/**
 * The deploy IAM policy lists exactly the API actions the AWS adapters call. The called operations
 * are read from the source of src/cloud/aws/*.ts: every `new XxxCommand(` (or paginator) resolved
 * through the file's imports to its `@aws-sdk/client-*` package, whose IAM prefix names the action.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ADAPTER_OPERATIONS } from '../../src/cloud/aws/operations.js'
import { examplesSnapshot } from '../support/example.js'

const ROOT = resolve(import.meta.dirname, '../..')
const AWS_DIR = join(ROOT, 'src/cloud/aws')
const POLICY_FILE = join(ROOT, 'manifests/deploy/iam-policy.json')
const TEMPLATE_FILE = join(ROOT, 'manifests/deploy/iam-policy.template.json')
const RENDERER = join(ROOT, 'scripts/render-iam-policy.mjs')
const IAM_DOC = join(ROOT, 'docs/iam.md')
const DEFAULT_INSTANCE = 'ecs-reconciler'
const MANAGED_BY = 'aws:ResourceTag/ecs-reconciler:managed-by'
/** Actions that delete, deregister, stop, untag or update something that exists. */
const DESTRUCTIVE = /^[\w-]+:(Delete|Deregister|Stop|Untag|Update)/
const EXAMPLES_DIR = examplesSnapshot()

/** IAM action prefix of each SDK client package (the service's `arnNamespace`, https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html). */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-servicediscovery': 'servicediscovery',
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-fis': 'fis',
  '@aws-sdk/client-resource-groups-tagging-api': 'tag',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/client-sts': 'sts',
  // The reads of `verify`.
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  // The reads of `${cfn:…}` and an S3 Terraform state.
  '@aws-sdk/client-cloudformation': 'cloudformation',
  '@aws-sdk/client-s3': 's3',
}

/** Service label used by the call-counting middleware and operations.ts → IAM prefix. */
const LABEL_PREFIX: Readonly<Record<string, string>> = {
  ECS: 'ecs',
  ServiceDiscovery: 'servicediscovery',
  ApplicationAutoScaling: 'application-autoscaling',
  FIS: 'fis',
  ResourceGroupsTaggingAPI: 'tag',
  DynamoDB: 'dynamodb',
  STS: 'sts',
  IAM: 'iam',
  ECR: 'ecr',
  SecretsManager: 'secretsmanager',
  SSM: 'ssm',
  CloudWatchLogs: 'logs',
  CloudWatch: 'cloudwatch',
  EC2: 'ec2',
  CloudFormation: 'cloudformation',
  S3: 's3',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
}

/** Actions allowed outside the adapter set, only in statements whose Sid starts with "Extra". */
const EXTRA_ACTIONS = new Set(['iam:PassRole', 'iam:CreateServiceLinkedRole'])
const EXTRA_SID = /^Extra[A-Za-z0-9]+$/

interface Statement {
  Sid?: string
  Effect: string
  Action: string | string[]
  NotAction?: unknown
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

interface CalledOperation {
  readonly file: string
  readonly action: string
}

interface Derived {
  readonly calls: CalledOperation[]
  readonly problems: string[]
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1')
}

/** The operations one source file calls, with anything the parser cannot resolve as a problem. */
function operationsOf(file: string, source: string): Derived {
  const text = stripComments(source)
  const calls: CalledOperation[] = []
  const problems: string[] = []
  // local name → { package, exported name } for named imports from SDK client packages
  const named = new Map<string, { pkg: string; exported: string }>()
  // namespace alias → package
  const namespaces = new Map<string, string>()
  for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[\w-]+)['"]/g)) {
    if (m[1]) continue
    const pkg = m[3] ?? ''
    for (const raw of (m[2] ?? '').split(',')) {
      const spec = raw.trim()
      if (!spec || spec.startsWith('type ')) continue
      const [exported = '', local = exported] = spec.split(/\s+as\s+/).map((s) => s.trim())
      named.set(local, { pkg, exported })
    }
  }
  for (const m of text.matchAll(/import\s+\*\s+as\s+(\w+)\s+from\s*['"](@aws-sdk\/[\w-]+)['"]/g)) {
    namespaces.set(m[1] ?? '', m[2] ?? '')
  }

  const record = (pkg: string, operation: string, what: string): void => {
    const prefix = IAM_PREFIX[pkg]
    if (!prefix) problems.push(`${file}: ${what} comes from ${pkg}, which has no IAM prefix in this test`)
    else calls.push({ file, action: `${prefix}:${operation}` })
  }

  // new XxxCommand(...) and new ns.XxxCommand(...)
  for (const m of text.matchAll(/\bnew\s+(?:(\w+)\s*\.\s*)?(\w+Command)\s*\(/g)) {
    const [, ns, name = ''] = m
    if (ns) {
      const pkg = namespaces.get(ns)
      if (pkg) record(pkg, name.replace(/Command$/, ''), `${ns}.${name}`)
      else problems.push(`${file}: new ${ns}.${name}( is not from an imported @aws-sdk namespace`)
      continue
    }
    const imported = named.get(name)
    if (!imported) problems.push(`${file}: new ${name}( is not imported from an @aws-sdk package`)
    else record(imported.pkg, imported.exported.replace(/Command$/, ''), name)
  }
  // paginateXxx / waitUntilXxx also call operations; paginators are resolvable, waiters are not.
  for (const [local, { pkg, exported }] of named) {
    if (!new RegExp(`\\b${local}\\s*\\(`).test(text)) continue
    const paginator = /^paginate(\w+)$/.exec(exported)
    if (paginator) record(pkg, paginator[1] ?? '', exported)
    else if (/^waitUntil|^waitFor/.test(exported)) {
      problems.push(`${file}: waiter ${exported} calls operations this test cannot derive; map it here`)
    }
  }
  // The aggregated clients (`new ECS()`, then `ecs.describeServices()`) hide the operation names.
  for (const m of text.matchAll(/\bnew\s+(\w+)\s*\(/g)) {
    const imported = named.get(m[1] ?? '')
    if (imported && !/(Command|Client)$/.test(imported.exported)) {
      problems.push(
        `${file}: new ${imported.exported}( from ${imported.pkg}: use XxxCommand so the operations can be derived`,
      )
    }
  }
  return { calls, problems }
}

function deriveFromAdapters(): Derived {
  // Every adapter file, those in sub-folders (the account reads of verify) included.
  const files = readdirSync(AWS_DIR, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  )
  const all: Derived = { calls: [], problems: [] }
  for (const f of files) {
    const d = operationsOf(`src/cloud/aws/${f}`, readFileSync(join(AWS_DIR, f), 'utf8'))
    all.calls.push(...d.calls)
    all.problems.push(...d.problems)
  }
  return all
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v]
const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort()
const minus = (a: Iterable<string>, b: ReadonlySet<string>): string[] =>
  sorted([...a].filter((x) => !b.has(x)))

const derived = deriveFromAdapters()
const called = new Set(derived.calls.map((c) => c.action))
const policy = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as { Version: string; Statement: Statement[] }
const extraStatements = policy.Statement.filter((s) => EXTRA_SID.test(s.Sid ?? ''))
const adapterStatements = policy.Statement.filter((s) => !EXTRA_SID.test(s.Sid ?? ''))
const allowedByAdapterStatements = new Set(adapterStatements.flatMap((s) => asList(s.Action)))

/** IAM-style wildcard match of an ARN pattern (`*` any run, `?` one character). */
function arnMatches(pattern: string, arn: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  )
  return re.test(arn)
}

function passRoleResources(service: string): string[] {
  return extraStatements
    .filter(
      (s) =>
        asList(s.Action).includes('iam:PassRole') &&
        asList(s.Condition?.['StringEquals']?.['iam:PassedToService']).includes(service),
    )
    .flatMap((s) => asList(s.Resource))
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  )
}

describe('operations the adapters call (derived from src/cloud/aws)', () => {
  it('resolves every command construction to an SDK client package with a known IAM prefix', () => {
    expect(derived.problems).toEqual([])
  })

  it('is a non-trivial set across all six services', () => {
    // Guards the parser: if it silently found nothing, the comparisons below would be vacuous.
    expect(called.size).toBeGreaterThanOrEqual(30)
    for (const action of [
      'ecs:DescribeServices',
      'ecs:CreateService',
      'ecs:RegisterTaskDefinition',
      'servicediscovery:CreateHttpNamespace',
      'application-autoscaling:RegisterScalableTarget',
      'fis:StartExperiment',
      'tag:GetResources',
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
      'iam:GetRole',
      'ec2:DescribeSubnets',
      'secretsmanager:DescribeSecret',
      'ssm:DescribeParameters',
    ]) {
      expect(called, action).toContain(action)
    }
    // Same operation name, different services: resolved by the file's import, not by the name.
    expect(called).toContain('ecs:ListServices')
    expect(called).toContain('servicediscovery:ListServices')
    expect(new Set([...called].map((a) => a.split(':')[0]))).toEqual(new Set(Object.values(IAM_PREFIX)))
  })

  it('matches ADAPTER_OPERATIONS in src/cloud/aws/operations.ts (the metric series)', () => {
    const listed = ADAPTER_OPERATIONS.map((op) => {
      const [label = '', operation = ''] = op.split('.')
      return `${LABEL_PREFIX[label] ?? `unknown-label(${label})`}:${operation}`
    })
    expect(sorted(listed)).toEqual(sorted(called))
    expect(listed.length, 'duplicates in ADAPTER_OPERATIONS').toBe(new Set(listed).size)
  })
})

describe('manifests/deploy/iam-policy.json', () => {
  it('is a well-formed identity policy: Allow statements, each with an alphanumeric Sid, no NotAction', () => {
    expect(policy.Version).toBe('2012-10-17')
    expect(policy.Statement.length).toBeGreaterThan(0)
    for (const s of policy.Statement) {
      expect(s.Effect, s.Sid).toBe('Allow')
      expect(s.Sid, JSON.stringify(s.Action)).toMatch(/^[A-Za-z0-9]+$/)
      expect(s.NotAction, s.Sid).toBeUndefined()
      expect(asList(s.Resource).length, s.Sid).toBeGreaterThan(0)
    }
    expect(new Set(policy.Statement.map((s) => s.Sid)).size, 'Sids are unique').toBe(policy.Statement.length)
  })

  it('allows every operation the adapters call', () => {
    const missing = minus(called, allowedByAdapterStatements)
    const where = missing.map(
      (a) => `${a} (${sorted(derived.calls.filter((c) => c.action === a).map((c) => c.file)).join(', ')})`,
    )
    expect(where, 'called but not allowed').toEqual([])
  })

  it('allows nothing else outside the separate "Extra…" statements', () => {
    expect(minus(allowedByAdapterStatements, called), 'allowed but never called').toEqual([])
  })

  it('names the actions of one service per statement, with no wildcards', () => {
    const prefixes = adapterStatements.map((s) => sorted(asList(s.Action).map((a) => a.split(':')[0] ?? '')))
    for (const [i, p] of prefixes.entries()) expect(p, adapterStatements[i]?.Sid).toHaveLength(1)
    expect(sorted(prefixes.flat())).toEqual(sorted(Object.values(IAM_PREFIX)))
    for (const s of adapterStatements) {
      for (const a of asList(s.Action)) expect(a, s.Sid).not.toMatch(/[*?]/)
      expect(asList(s.Action).length, `${s.Sid}: duplicate actions`).toBe(new Set(asList(s.Action)).size)
    }
  })

  it('scopes the DynamoDB actions to the lease table of lease-table.json, never to every table', () => {
    const table = (
      JSON.parse(readFileSync(join(ROOT, 'manifests/deploy/lease-table.json'), 'utf8')) as {
        TableName: string
      }
    ).TableName
    const dynamo = adapterStatements.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')))
    expect(dynamo).toHaveLength(1)
    expect(sorted(asList(dynamo[0]?.Action))).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ])
    expect(asList(dynamo[0]?.Resource)).toEqual([`arn:aws:dynamodb:us-east-1:123456789012:table/${table}`])
  })

  it('keeps the extra statements to iam:PassRole and iam:CreateServiceLinkedRole, each scoped by its condition', () => {
    expect(extraStatements.length).toBeGreaterThan(0)
    for (const s of extraStatements) {
      const actions = asList(s.Action)
      expect(
        actions.filter((a) => !EXTRA_ACTIONS.has(a)),
        s.Sid,
      ).toEqual([])
      expect(asList(s.Resource), `${s.Sid} names its roles`).not.toContain('*')
      if (actions.includes('iam:PassRole')) {
        expect(asList(s.Condition?.['StringEquals']?.['iam:PassedToService']).length, s.Sid).toBeGreaterThan(
          0,
        )
      }
      if (actions.includes('iam:CreateServiceLinkedRole')) {
        expect(asList(s.Condition?.['StringEquals']?.['iam:AWSServiceName']).length, s.Sid).toBeGreaterThan(0)
      }
    }
    const slrServices = extraStatements.flatMap((s) =>
      asList(s.Condition?.['StringEquals']?.['iam:AWSServiceName']),
    )
    // Only the service-linked roles the docs say our calls may create on first use (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html).
    expect(
      slrServices.filter(
        (n) => !['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'].includes(n),
      ),
    ).toEqual([])
  })

  it('lets the daemon pass the example workloads’ task/execution roles to ECS tasks and the experiment role to FIS', () => {
    const ecsRoles = passRoleResources('ecs-tasks.amazonaws.com')
    const fisRoles = passRoleResources('fis.amazonaws.com')
    expect(ecsRoles.length).toBeGreaterThan(0)
    expect(fisRoles.length).toBeGreaterThan(0)
    const uncovered: string[] = []
    let seen = 0
    for (const file of yamlFiles(EXAMPLES_DIR)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(
        /^\s*(taskRoleArn|executionRoleArn|roleArn):\s*['"]?(arn:aws:iam::[^\s'"]+)/gm,
      )) {
        seen++
        const [, field, arn = ''] = m
        const roles = field === 'roleArn' ? fisRoles : ecsRoles
        if (!roles.some((p) => arnMatches(p, arn))) {
          uncovered.push(`${field} ${arn} (${relative(EXAMPLES_DIR, file)})`)
        }
      }
    }
    expect(seen).toBeGreaterThan(0)
    expect(uncovered).toEqual([])
  })
})

/** The destructive actions docs/iam.md lists as granted without a tag condition, with a reason each. */
function listedUnconditioned(): Map<string, string> {
  const doc = readFileSync(IAM_DOC, 'utf8')
  const section = doc.split('## Destructive actions that cannot be conditioned')[1]?.split('\n## ')[0] ?? ''
  const rows = [...section.matchAll(/^\| `([\w-]+:\w+)` \| (.+) \|$/gm)]
  return new Map(rows.map((m) => [m[1] ?? '', (m[2] ?? '').trim()]))
}

const render = (instance: string, ...flags: string[]) =>
  spawnSync(process.execPath, [RENDERER, '--instance', instance, ...flags], { encoding: 'utf8' })

describe('least privilege for destructive actions', () => {
  const ownedBy = (s: Statement) => asList(s.Condition?.['StringEquals']?.[MANAGED_BY])

  it('grants every destructive action only on resources this instance manages, or lists it in docs/iam.md with a reason', () => {
    const destructive = sorted([...called].filter((a) => DESTRUCTIVE.test(a)))
    // Guards the regex: the adapters do delete, deregister, stop and update.
    expect(destructive.length).toBeGreaterThanOrEqual(12)
    const listed = listedUnconditioned()
    const problems: string[] = []
    for (const s of adapterStatements) {
      for (const action of asList(s.Action).filter((a) => DESTRUCTIVE.test(a))) {
        const conditioned = ownedBy(s).length === 1 && ownedBy(s)[0] === DEFAULT_INSTANCE
        // A grant on named resources only (the lease table) is scoped by its ARN instead.
        const named = asList(s.Resource).every((r) => !r.includes('*'))
        if (!conditioned && !named && !listed.has(action)) {
          problems.push(`${s.Sid}: ${action} has no managed-by condition`)
        }
      }
    }
    expect(problems).toEqual([])
    for (const [action, reason] of listed) {
      expect(called, `${action} is listed but never called`).toContain(action)
      expect(reason.length, action).toBeGreaterThan(40)
    }
    // What the issue names: deregistering revisions takes no resource scope, so it is the listed one.
    expect([...listed.keys()]).toEqual(['ecs:DeregisterTaskDefinition'])
  })

  it('scopes the conditioned statements to their resource types, never "*"', () => {
    for (const s of adapterStatements.filter((x) => ownedBy(x).length > 0)) {
      for (const r of asList(s.Resource)) expect(r, s.Sid).toMatch(/^arn:aws:[\w-]+:\*:\*:[\w-]+\/\*/)
    }
  })

  it('lets the daemon tag a resource as its own only when no instance owns it yet', () => {
    const tagging = adapterStatements.filter(
      (s) => asList(s.Action).some((a) => a.endsWith(':TagResource')) && ownedBy(s).length === 0,
    )
    expect(tagging.length).toBeGreaterThan(0)
    for (const s of tagging) {
      expect(asList(s.Action), s.Sid).toEqual([asList(s.Action).find((a) => a.endsWith(':TagResource'))])
      expect(s.Condition?.['Null']?.[MANAGED_BY], s.Sid).toBe('true')
      expect(s.Condition?.['StringEquals']?.['aws:RequestTag/ecs-reconciler:managed-by'], s.Sid).toBe(
        DEFAULT_INSTANCE,
      )
    }
  })
})

describe('the policy template', () => {
  it('renders, for the default instance, exactly the committed iam-policy.json', () => {
    const out = render(DEFAULT_INSTANCE)
    expect(out.status).toBe(0)
    expect(out.stdout).toBe(readFileSync(POLICY_FILE, 'utf8'))
  })

  it('puts the instance id in every managed-by condition and leaves no placeholder', () => {
    const template = readFileSync(TEMPLATE_FILE, 'utf8')
    expect(template).toContain('{{instance}}')
    const out = render('shop-prod')
    expect(out.status).toBe(0)
    expect(out.stdout).not.toMatch(/\{\{|ecs-reconciler"/)
    const rendered = JSON.parse(out.stdout) as { Statement: Statement[] }
    const values = rendered.Statement.flatMap((s) => [
      ...asList(s.Condition?.['StringEquals']?.[MANAGED_BY]),
      ...asList(s.Condition?.['StringEquals']?.['aws:RequestTag/ecs-reconciler:managed-by']),
    ])
    expect(values.length).toBeGreaterThanOrEqual(7)
    expect(new Set(values)).toEqual(new Set(['shop-prod']))
  })

  it('refuses an instance id that is not a valid tag value', () => {
    const out = render('shop"prod')
    expect(out.status).toBe(1)
    expect(out.stderr).toContain('--instance must be 1–256 characters')
  })

  describe('the environment lookups', () => {
    const LOOKUP_SIDS = ['SsmReadByLookups', 'CloudFormationReadByLookups', 'S3ReadTerraformStateByLookups']
    const lookupResources = (policy: { Statement: Statement[] }): Record<string, string[]> =>
      Object.fromEntries(
        policy.Statement.filter((s) => LOOKUP_SIDS.includes(s.Sid ?? '')).map((s): [string, string[]] => [
          s.Sid ?? '',
          asList(s.Resource),
        ]),
      )

    it('scopes each read to the parameter paths, stacks and state objects the flags name', () => {
      const out = render(
        'shop-prod',
        ...['--ssm-path', '/shop/prod/', '--ssm-path', '/shared/network', '--stack', 'shop-prod-network'],
        ...['--tfstate', 's3://acme-tf-state/shop/prod.tfstate'],
      )
      expect(out.stderr).toBe('')
      expect(lookupResources(JSON.parse(out.stdout) as { Statement: Statement[] })).toEqual({
        // A hierarchical parameter's ARN is `parameter` + its name (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-restrict-parameter-access.html).
        SsmReadByLookups: [
          'arn:aws:ssm:*:*:parameter/shop/prod/*',
          'arn:aws:ssm:*:*:parameter/shared/network/*',
        ],
        CloudFormationReadByLookups: ['arn:aws:cloudformation:*:*:stack/shop-prod-network/*'],
        S3ReadTerraformStateByLookups: ['arn:aws:s3:::acme-tf-state/shop/prod.tfstate'],
      })
    })

    it('by default names the example shop parameters, stacks and state bucket, never every one', () => {
      const policy = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as { Statement: Statement[] }
      const resources = lookupResources(policy)
      expect(Object.keys(resources).sort()).toEqual([...LOOKUP_SIDS].sort())
      for (const r of Object.values(resources).flat()) {
        expect(r).not.toMatch(/parameter\/\*$|stack\/\*\/\*$|:::\*/)
      }
      // Every SSM parameter the example's environments read is under the granted path.
      const granted = (resources['SsmReadByLookups'] ?? []).map(
        (arn) => new RegExp(`^${arn.replace('arn:aws:ssm:*:*:parameter', '').replaceAll('*', '.*')}$`),
      )
      const shopEnvs = join(EXAMPLES_DIR, 'shop/envs')
      const names = readdirSync(shopEnvs).flatMap((env) =>
        readdirSync(join(shopEnvs, env))
          .filter((f) => f.endsWith('.yaml'))
          .flatMap((f) =>
            [...readFileSync(join(shopEnvs, env, f), 'utf8').matchAll(/\$\{ssm:([^}:]+)/g)].map(
              (m) => m[1] ?? '',
            ),
          ),
      )
      expect(names.length).toBeGreaterThan(0)
      for (const name of names) {
        expect(
          granted.some((re) => re.test(name)),
          name,
        ).toBe(true)
      }
    })

    it('leaves the lookup statements out with --no-lookups', () => {
      const out = render('shop-prod', '--no-lookups')
      expect(out.status).toBe(0)
      expect(lookupResources(JSON.parse(out.stdout) as { Statement: Statement[] })).toEqual({})
    })

    it.each([
      [['--stack', 'shop prod'], '--stack must be a stack name'],
      [['--tfstate', 'https://bucket/key'], '--tfstate must be s3://BUCKET/KEY'],
      [['--ssm-path', '/shop prod/'], '--ssm-path must be a parameter path'],
    ])('refuses %j, saying what it wants', (flags, message) => {
      const out = render('shop-prod', ...flags)
      expect(out.status).toBe(1)
      expect(out.stderr).toContain(message)
      expect(out.stdout).toBe('')
    })
  })
})
