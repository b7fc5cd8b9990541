/**
 * End to end: the daemon against a standalone `local-cloud` reached through AWS_ENDPOINT_URL (as in
 * production, only the endpoint differs), following a local bare Git repository: commits are applied
 * with their SHA recorded, and drift made behind its back is repaired on the next resync.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI } from '../support/cli.js'
import { parsePrometheus, startDaemon, until, type DaemonProcess } from '../support/daemon.js'
import { shopExampleDir } from '../support/example.js'
import { clientConfig } from '../support/local-cloud.js'

const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-daemon-git-'))
const bare = join(dir, 'origin.git')
const work = join(dir, 'work')
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
}
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
  }).trim()

function commitAll(message: string): string {
  git(work, 'add', '-A')
  git(work, 'commit', '-q', '-m', message)
  git(work, 'push', '-q', 'origin', 'main')
  return git(work, 'rev-parse', 'HEAD')
}

let cloud: ChildProcess
let endpoint = ''
let ecs: ECSClient
let daemon: DaemonProcess
let firstSha = ''
const GIT_TOKEN = 'ghp_never-printed-0123456789'

async function describeService(name: string) {
  const out = await ecs.send(
    new DescribeServicesCommand({ cluster: 'shop', services: [name], include: ['TAGS'] }),
  )
  const service = out.services?.[0]
  if (!service) throw new Error(`no service ${name}`)
  return {
    desiredCount: service.desiredCount,
    revisionTag: service.tags?.find((t) => t.key === 'ecs-reconciler:revision')?.value,
  }
}

beforeAll(async () => {
  git(dir, 'init', '-q', '--bare', bare)
  mkdirSync(join(work, 'deploy'), { recursive: true })
  git(work, 'init', '-q')
  git(work, 'remote', 'add', 'origin', bare)
  cpSync(shopExampleDir(), join(work, 'deploy', 'shop'), { recursive: true })
  writeFileSync(join(work, 'README.md'), 'not a manifest\n')
  firstSha = commitAll('the shop')

  cloud = spawn(
    process.execPath,
    [CLI, 'local-cloud', '--port', '0', '--state', join(dir, 'cloud.json'), '--task-start-seconds', '0.3'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  cloud.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  endpoint = await until(
    'the local cloud endpoint',
    () => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1],
  )
  ecs = new ECSClient(clientConfig(endpoint))

  daemon = await startDaemon(
    [
      '--git-url',
      bare,
      '--git-path',
      'deploy',
      '--git-interval',
      '300ms',
      '--git-dir',
      join(dir, 'checkouts'),
      '--interval',
      '1500ms',
      '--poll-interval',
      '100ms',
    ],
    {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      ECS_RECONCILER_GIT_TOKEN: GIT_TOKEN,
    },
  )
}, 60_000)

afterAll(async () => {
  if (daemon?.child.exitCode === null) await daemon.stop()
  ecs?.destroy()
  cloud?.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

describe('ecs-reconciler run --git-url against a standalone local cloud (AWS_ENDPOINT_URL)', () => {
  it('converges from the Git commit and records its SHA in status and on the resources', async () => {
    await until(
      'readiness',
      async () => ((await daemon.get('/readyz')).status === 200 ? true : undefined),
      30_000,
    )
    const status = await daemon.status()
    expect(status.lastPass?.outcome).toBe('success')
    // The region the daemon resolved from the AWS chain (AWS_REGION here), so a wrong profile shows.
    expect(status.region).toBe('us-east-1')
    expect(status.manifests?.revision).toBe(firstSha)
    expect(status.resources.every((r) => r.revision === firstSha && r.status === 'synced')).toBe(true)
    expect((await describeService('ledger')).revisionTag).toBe(firstSha)
  }, 40_000)

  it('repairs drift made directly in the cloud on the next resync', async () => {
    await ecs.send(new UpdateServiceCommand({ cluster: 'shop', service: 'payments', desiredCount: 5 }))
    await until(
      'the drift is visible',
      async () => ((await describeService('payments')).desiredCount === 5 ? true : undefined),
      15_000,
    )
    await until(
      'payments back to 2',
      async () => ((await describeService('payments')).desiredCount === 2 ? true : undefined),
      15_000,
    )
    const drift = daemon.logs().find((l) => l.msg.startsWith('drift found on Service/shop/payments'))
    expect(JSON.stringify(drift)).toContain('desiredCount')
    const metrics = parsePrometheus((await daemon.get('/metrics')).text)
    expect(metrics.get('ecs_reconciler_drift_found_total{kind="Service"}')).toBeGreaterThanOrEqual(1)
    // /status keeps it too, for the status page: which resource, and the pass that found it.
    const found = (
      JSON.parse((await daemon.get('/status')).text) as { drift: { resource: string; passId: string }[] }
    ).drift
    expect(found.find((d) => d.resource === 'Service/shop/payments')?.passId).toMatch(/^[0-9a-f]{8}$/)
  }, 30_000)

  it('applies a new commit and records the new SHA', async () => {
    const file = join(work, 'deploy', 'shop', 'ledger.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('ledger:1.4.2', 'ledger:1.4.3'))
    const sha = commitAll('ledger 1.4.3')
    const ledger = await until(
      'ledger reconciled from the new commit',
      async () =>
        (await daemon.status()).resources.find(
          (r) =>
            r.id === 'Service/shop/ledger' &&
            r.revision === sha &&
            r.lastAction === 'update' &&
            r.status === 'synced',
        ),
      20_000,
    )
    expect(ledger.revision).toBe(sha)
    // The tag is written last, and AWS reads lag writes: it shows within a few polls.
    await until(
      'the new SHA on the service',
      async () => ((await describeService('ledger')).revisionTag === sha ? true : undefined),
      10_000,
    )
    expect(daemon.logs().some((l) => JSON.stringify(l).includes(sha.slice(0, 7)))).toBe(true)
  }, 30_000)

  it('reports a broken commit with repository-relative file names, and recovers on the next', async () => {
    const file = join(work, 'deploy', 'shop', 'ledger.yaml')
    const good = readFileSync(file, 'utf8')
    writeFileSync(file, good.replace('kind: Service', 'kind: Servise'))
    const broken = commitAll('typo')
    const status = await until('the broken commit in /status', async () => {
      const s = await daemon.status()
      return s.manifests?.revision === broken && !s.manifests.valid ? s : undefined
    })
    expect(status.manifests?.reconciling).toBe('last-valid')
    expect(status.manifests?.issues.map((i) => i.file)).toContain('deploy/shop/ledger.yaml')
    writeFileSync(file, good)
    const fixed = commitAll('fix the typo')
    await until('the fixed commit reconciled', async () => {
      const s = await daemon.status()
      return s.manifests?.revision === fixed && s.manifests.valid && s.lastPass?.outcome === 'success'
        ? true
        : undefined
    })
  }, 30_000)

  it('never prints the Git token', () => {
    expect(daemon.output()).not.toContain(GIT_TOKEN)
    expect(daemon.output()).not.toContain(Buffer.from(`x-access-token:${GIT_TOKEN}`).toString('base64'))
  })
})
