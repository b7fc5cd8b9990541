/**
 * Region resolution without --region, through the SDK's own chain: AWS_REGION, AWS_DEFAULT_REGION (the
 * AWS CLI's variable), the profile's `region` in the shared config file, then instance metadata.
 * Order: https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html and
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html. Only loopback is reached:
 * instance metadata is disabled, or served by a fake on 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCloud } from '../../../src/cli/cloud-factory.js'
import { resolveAwsRegion } from '../../../src/cloud/aws/region.js'
import { ReconcilerError } from '../../../src/shared/errors.js'

const AWS_VARS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
]

let saved: Record<string, string | undefined> = {}
let dir = ''
const servers: Server[] = []

/** A clean AWS environment: a config file of our own, no credentials file, no metadata service. */
function useConfig(text: string): void {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}`)
  writeFileSync(file, text)
  process.env['AWS_CONFIG_FILE'] = file
}

beforeEach(() => {
  saved = Object.fromEntries(AWS_VARS.map((name) => [name, process.env[name]]))
  for (const name of AWS_VARS) delete process.env[name]
  dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-region-'))
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(dir, 'no-credentials')
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true'
  useConfig('')
})

afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
  rmSync(dir, { recursive: true, force: true })
})

const PROFILES =
  '[default]\nregion = us-west-2\n\n[profile eu]\nregion = eu-west-1\n\n[profile ap]\nregion = ap-northeast-2\n'

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('no address')
  return `http://127.0.0.1:${address.port}`
}

describe('resolveAwsRegion', () => {
  it("takes the region of AWS_PROFILE's profile in the shared config file", async () => {
    useConfig(PROFILES)
    process.env['AWS_PROFILE'] = 'eu'
    expect(await resolveAwsRegion({})).toBe('eu-west-1')
  })

  it('--profile wins over AWS_PROFILE; no profile at all means [default]', async () => {
    useConfig(PROFILES)
    process.env['AWS_PROFILE'] = 'eu'
    expect(await resolveAwsRegion({ profile: 'ap' })).toBe('ap-northeast-2')
    delete process.env['AWS_PROFILE']
    expect(await resolveAwsRegion({})).toBe('us-west-2')
  })

  it('orders the sources like the AWS CLI: --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile', async () => {
    useConfig(PROFILES)
    process.env['AWS_PROFILE'] = 'eu'
    process.env['AWS_DEFAULT_REGION'] = 'ca-central-1'
    expect(await resolveAwsRegion({})).toBe('ca-central-1')
    process.env['AWS_REGION'] = 'sa-east-1'
    expect(await resolveAwsRegion({})).toBe('sa-east-1')
    expect(await resolveAwsRegion({ region: 'eu-central-1' })).toBe('eu-central-1')
    // An empty variable counts as unset, as it does for the CLI.
    process.env['AWS_REGION'] = ''
    expect(await resolveAwsRegion({})).toBe('ca-central-1')
  })

  it('falls back to the instance metadata service (IMDSv2) when nothing else names a region', async () => {
    const endpoint = await listen((req, res) => {
      if (req.method === 'PUT' && req.url === '/latest/api/token') res.end('imds-token')
      else if (
        req.url === '/latest/meta-data/placement/region' &&
        req.headers['x-aws-ec2-metadata-token'] === 'imds-token'
      ) {
        res.end('me-south-1')
      } else {
        res.statusCode = 404
        res.end()
      }
    })
    delete process.env['AWS_EC2_METADATA_DISABLED']
    process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = endpoint
    expect(await resolveAwsRegion({})).toBe('me-south-1')
  })

  it('with no region anywhere, fails with how to set one', async () => {
    const err = await resolveAwsRegion({}).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ReconcilerError)
    const e = err as ReconcilerError
    expect(e.code).toBe('INVALID_INPUT')
    expect(e.message).toMatch(/no AWS region/)
    expect(e.hint).toMatch(/--region/)
    expect(e.hint).toMatch(/AWS_REGION/)
    expect(e.hint).toMatch(/region = /)
  })
})

describe('openCloud without --local', () => {
  it('gives every SDK client the profile region: each request is signed for it', async () => {
    const seen: { target: string; headers: IncomingHttpHeaders }[] = []
    const endpoint = await listen((req, res) => {
      seen.push({ target: String(req.headers['x-amz-target'] ?? req.url), headers: req.headers })
      res.statusCode = 400
      res.setHeader('content-type', 'application/x-amz-json-1.1')
      res.setHeader('x-amzn-errortype', 'AccessDeniedException')
      res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'recorded' }))
    })
    // With a profile selected the SDK takes credentials from that profile, not from the environment.
    useConfig(
      '[profile eu]\nregion = eu-west-1\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = example\n',
    )
    process.env['AWS_PROFILE'] = 'eu'
    process.env['AWS_ENDPOINT_URL'] = endpoint
    const opened = await openCloud({ local: false, readOnly: true })
    try {
      expect(opened.cloud.region).toBe('eu-west-1')
      const { readers } = opened.cloud
      const calls = [
        readers.ecs.describeClusters(['shop']),
        readers.cloudMap.listNamespaces(),
        readers.scaling.describeScaling(['service/shop/web']),
        readers.fis.listExperimentTemplates(),
      ]
      await Promise.allSettled(calls)
    } finally {
      await opened.close()
    }
    const scopes = seen.map((s) =>
      /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/
        .exec(String(s.headers.authorization))
        ?.slice(1, 3)
        .join(' '),
    )
    expect(new Set(scopes)).toEqual(
      new Set([
        'eu-west-1 ecs',
        'eu-west-1 servicediscovery',
        'eu-west-1 application-autoscaling',
        'eu-west-1 fis',
      ]),
    )
  })

  it('with no region anywhere, refuses to open (no silent us-east-1)', async () => {
    await expect(openCloud({ local: false, readOnly: true })).rejects.toThrow(/no AWS region/)
  })

  it('--local keeps the embedded cloud region, whatever the AWS chain says', async () => {
    useConfig(PROFILES)
    process.env['AWS_PROFILE'] = 'eu'
    const opened = await openCloud({ local: true, localState: join(dir, 'state.json'), readOnly: true })
    try {
      expect(opened.cloud.region).toBe('us-east-1')
    } finally {
      await opened.close()
    }
  })
})
