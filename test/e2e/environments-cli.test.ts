/**
 * End to end: the environment examples (manifests/examples/environments, and the shop:
 * manifests/examples/shop/base with envs/staging and envs/prod) through the built CLI.
 * `plan envs/staging` and `plan envs/prod` differ exactly by what the environments patch and look up,
 * and each plans with its own ownership instance. A saved plan keeps the looked-up values, and
 * `apply FILE` refuses it while one differs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { afterAll, describe, expect, it } from 'vitest'
import { startLocalCloud } from '../../src/localcloud/index.js'
import { FAST_LOCAL_CLOUD, runCli, runSeed } from '../support/cli.js'
import { clientConfig } from '../support/local-cloud.js'
import { examplesSnapshot } from '../support/example.js'
import { differences, plannedAttributes, shopStagingProdDifferences } from '../support/environment-plans.js'

const EXAMPLE = join(examplesSnapshot(), 'environments')
const SHOP = join(examplesSnapshot(), 'shop')
const state = mkdtempSync(join(tmpdir(), 'ecs-reconciler-envs-e2e-'))

afterAll(() => rmSync(state, { recursive: true, force: true }))

/** Every planned attribute as `Kind/name path` → value. */
async function planOf(
  env: string,
  extra: readonly string[] = [],
  example = EXAMPLE,
): Promise<Map<string, unknown>> {
  const r = await runCli(
    [
      'plan',
      '--local',
      '--local-state',
      join(state, `${example === EXAMPLE ? '' : 'shop-'}${env}.json`),
      '--output',
      'json',
      join('envs', env),
      ...extra,
    ],
    { cwd: example },
  )
  expect(r.code, r.stderr).toBe(0)
  return plannedAttributes(r.stdout)
}

describe('environments example', () => {
  it('validates both environments', async () => {
    for (const env of ['staging', 'prod']) {
      const r = await runCli(['validate', join('envs', env)], { cwd: EXAMPLE })
      expect(r.code, r.stdout + r.stderr).toBe(0)
      expect(r.stdout).toMatch(/0 errors, 0 warnings; 2 resources/)
    }
  })

  it('plans staging and prod differing exactly by the patched and looked-up values and the instance', async () => {
    const staging = await planOf('staging')
    const prod = await planOf('prod')
    expect(differences(staging, prod)).toEqual({
      'Cluster/web tags.ecs-reconciler:managed-by': ['web-staging', 'web-prod'],
      'Service/api tags.ecs-reconciler:managed-by': ['web-staging', 'web-prod'],
      'Service/api desiredCount': [1, 3],
      'Service/api taskDefinition.containers.app.image': [
        'public.ecr.aws/web/api:1.5.0-rc.1',
        'public.ecr.aws/web/api:1.4.3',
      ],
      // Looked up in each environment's Terraform state: a list output stays a list.
      'Service/api network.subnets': [
        ['subnet-0staging0000000a', 'subnet-0staging0000000b'],
        ['subnet-0prod000000000a', 'subnet-0prod000000000b', 'subnet-0prod000000000c'],
      ],
      'Service/api network.securityGroups': [['sg-0staging00000000a'], ['sg-0prod0000000000a']],
    })
  })

  it('the shop: staging and prod differ exactly by the patched counts, autoscaling bounds, the subnets from each Terraform state, the release from each SSM parameter and the instance', async () => {
    // The SSM parameters are seeded as a user seeds AWS: scripts/seed-demo.mjs, ordinary SDK calls.
    for (const env of ['staging', 'prod']) {
      const seeded = await runSeed(['--quiet', '--local-state', join(state, `shop-${env}.json`)])
      expect(seeded.code, seeded.stderr).toBe(0)
    }
    const staging = await planOf('staging', [], SHOP)
    const prod = await planOf('prod', [], SHOP)
    expect(differences(staging, prod)).toEqual(shopStagingProdDifferences())
  })

  it('a saved plan of the shop is refused once a looked-up value changed, naming it, and applies once it is back', async () => {
    const localState = join(state, 'shop-saved.json')
    const local = ['--local', '--local-state', localState]
    expect((await runSeed(['--quiet', '--local-state', localState])).code).toBe(0)
    const file = join(state, 'staging.plan.json')
    const planned = await runCli(['plan', ...local, '--out', file, 'envs/staging'], { cwd: SHOP })
    expect(planned.code, planned.stderr).toBe(0)

    // The release is changed in SSM between the plan and the apply, as a release pipeline would.
    const setRelease = async (value: string) => {
      const cloud = await startLocalCloud({ statePath: localState })
      const ssm = new SSMClient(clientConfig(cloud.endpoint))
      await ssm.send(
        new PutParameterCommand({
          Name: '/shop/staging/storefront-version',
          Value: value,
          Type: 'String',
          Overwrite: true,
        }),
      )
      ssm.destroy()
      await cloud.close()
    }
    await setRelease('3.0.0')
    const refused = await runCli(['apply', ...local, '--no-wait', file], { cwd: SHOP, env: FAST_LOCAL_CLOUD })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      'looked-up values changed since the plan was made: ssm:/shop/staging/storefront-version changed: "2.9.0" → "3.0.0"',
    )
    expect(refused.stderr).not.toMatch(/\n\s+at /)

    await setRelease('2.9.0')
    const applied = await runCli(['apply', ...local, '--no-wait', file], { cwd: SHOP, env: FAST_LOCAL_CLOUD })
    expect(applied.code, applied.stdout + applied.stderr).toBe(0)
    expect(applied.stdout).toMatch(/Apply: \d+ succeeded, 0 failed/)
  }, 120_000)

  it('refuses an --instance that disagrees with the environment', async () => {
    const r = await runCli(
      ['plan', '--local', '--local-state', join(state, 'x.json'), '--instance', 'web-staging', 'envs/prod'],
      { cwd: EXAMPLE },
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      '--instance web-staging disagrees with spec.instance web-prod of Environment prod',
    )
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})
