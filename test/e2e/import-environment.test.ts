/**
 * End to end: `import --out` into an environment folder writes patches against the environment's
 * bases (only what differs from them), leaves out what equals its base, writes a resource no base
 * declares whole, and the folder then plans with no changes against the same live state.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { startLocalCloud } from '../../src/localcloud/index.js'
import { editFile, FAST_LOCAL_CLOUD, runCli, workspaceWithExample } from '../support/cli.js'
import { clientConfig } from '../support/local-cloud.js'

const ws = workspaceWithExample()
const local = ['--local', '--local-state', ws.state]
const env = FAST_LOCAL_CLOUD
const plain = join(ws.dir, 'plain')
const base = join(ws.dir, 'base')
const live = join(ws.dir, 'envs', 'live')
const importArgs = ['import', ...local, '--cluster', 'shop', '--namespace', 'shop']

afterAll(() => ws.cleanup())

beforeAll(async () => {
  const applied = await runCli(['apply', ws.manifests, ...local, '--poll-interval', '100ms'], { env })
  expect(applied.code, applied.stdout + applied.stderr).toBe(0)
  // The base: what a plain import writes, then edited the way a base differs from one environment.
  const imported = await runCli([...importArgs, '--out', plain], { env })
  expect(imported.code, imported.stdout + imported.stderr).toBe(0)
  cpSync(plain, base, { recursive: true })
  editFile(base, 'payments.yaml', 'desiredCount: 2', 'desiredCount: 1')
  editFile(base, 'orders.yaml', 'LOG_LEVEL: info', 'LOG_LEVEL: debug')
  rmSync(join(base, 'ledger.yaml'))
  mkdirSync(live, { recursive: true })
  writeFileSync(
    join(live, 'environment.yaml'),
    [
      'apiVersion: ecs-reconciler/v1alpha1',
      'kind: Environment',
      'metadata:',
      '  name: live',
      'spec:',
      '  bases: [../../base]',
      '  instance: ecs-reconciler',
      '',
    ].join('\n'),
  )
}, 180_000)

const documentsOf = (file: string): Record<string, unknown>[] =>
  parseAllDocuments(readFileSync(join(live, file), 'utf8')).map((d) => d.toJS() as Record<string, unknown>)

describe('import --out into an environment folder', () => {
  it('writes patches for what differs, the resource no base has whole, and nothing for the rest', async () => {
    const r = await runCli([...importArgs, '--out', live], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(readdirSync(live).sort()).toEqual([
      'environment.yaml',
      'ledger.yaml',
      'orders.yaml',
      'payments.yaml',
    ])
    expect(r.stdout).toMatch(/Service payments: patch \(base .*base\/payments\.yaml:\d+\)/)
    expect(r.stdout).toMatch(/Service storefront: same as the base/)
    expect(r.stdout).toMatch(/Cluster shop: same as the base/)
    expect(r.stdout).toMatch(/Service ledger: added/)
    expect(r.stdout).not.toContain('check it:')
    // A patch holds the identity and only what differs.
    expect(documentsOf('payments.yaml')).toEqual([
      {
        apiVersion: 'ecs-reconciler/v1alpha1',
        kind: 'Service',
        metadata: { name: 'payments' },
        spec: { cluster: 'shop', desiredCount: 2 },
      },
    ])
    expect(documentsOf('orders.yaml')[0]?.['spec']).toEqual({
      cluster: 'shop',
      taskDefinition: { containers: [{ name: 'app', environment: { LOG_LEVEL: 'info' } }] },
    })
    // The added resource is complete: the same document a plain import writes.
    expect(documentsOf('ledger.yaml')).toEqual(
      parseAllDocuments(readFileSync(join(plain, 'ledger.yaml'), 'utf8')).map((d) => d.toJS() as unknown),
    )
  }, 60_000)

  it('the environment folder validates clean and plans with no changes', async () => {
    const v = await runCli(['validate', live], { env })
    expect(v.code, v.stdout + v.stderr).toBe(0)
    expect(v.stdout).toContain('0 errors')
    const p = await runCli(['plan', live, ...local, '--detailed-exitcode'], { env })
    expect(p.code, p.stdout + p.stderr).toBe(0)
    expect(p.stdout).toContain('No changes.')
  }, 60_000)

  it('resolves the SSM lookups of the bases first: a base value that reads what is live is no difference', async () => {
    const cloud = await startLocalCloud({ statePath: ws.state })
    const ssm = new SSMClient(clientConfig(cloud.endpoint))
    await ssm.send(
      new PutParameterCommand({ Name: '/import-e2e/storefront-version', Value: '2.8.0', Type: 'String' }),
    )
    ssm.destroy()
    await cloud.close()
    const lookedUpBase = join(ws.dir, 'base-ssm')
    cpSync(base, lookedUpBase, { recursive: true })
    editFile(
      lookedUpBase,
      'storefront.yaml',
      'storefront:2.8.0',
      'storefront:${ssm:/import-e2e/storefront-version}',
    )
    const folder = join(ws.dir, 'envs', 'looked-up')
    mkdirSync(folder, { recursive: true })
    writeFileSync(
      join(folder, 'environment.yaml'),
      readFileSync(join(live, 'environment.yaml'), 'utf8')
        .replace('name: live', 'name: looked-up')
        .replace('../../base]', '../../base-ssm]'),
    )
    const r = await runCli([...importArgs, '--out', folder], { env })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Service storefront: same as the base/)
    expect(existsSync(join(folder, 'storefront.yaml'))).toBe(false)
    const p = await runCli(['plan', folder, ...local, '--detailed-exitcode'], { env })
    expect(p.code, p.stdout + p.stderr).toBe(0)
  }, 60_000)

  it('an Environment in --out that does not load is a clear error, and nothing is written', async () => {
    const broken = join(ws.dir, 'envs', 'broken')
    mkdirSync(broken, { recursive: true })
    writeFileSync(
      join(broken, 'environment.yaml'),
      'apiVersion: ecs-reconciler/v1alpha1\nkind: Environment\nmetadata:\n  name: broken\nspec:\n  bases: [../../nowhere]\n  instance: x\n',
    )
    const r = await runCli([...importArgs, '--out', broken], { env })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(
      /holds an Environment that does not load: .*environment\.yaml:6:\d+: base folder/,
    )
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(broken, 'payments.yaml'))).toBe(false)
  }, 60_000)
})
