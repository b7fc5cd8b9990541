/**
 * Secrets Manager secrets and SSM parameters as their API references document them, on the target
 * of this run. Secret values are never read back here: DescribeSecret is metadata only.
 */
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

describe('Secrets Manager', () => {
  // API_CreateSecret.html: the ARN is arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx (six random characters).
  it('CreateSecret returns an ARN with a six-character suffix', async () => {
    const name = uniqueName('conf/db')
    const out = await t.account.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'p' }))
    expect(out.Name).toBe(name)
    expect(out.ARN).toMatch(
      new RegExp(`^arn:aws:secretsmanager:${t.region}:\\d{12}:secret:${name}-[A-Za-z0-9]{6}$`),
    )
  })

  // API_DescribeSecret.html: SecretId is the ARN or the name; the answer is metadata (no value).
  it('DescribeSecret by ARN and by name', async () => {
    const name = uniqueName('conf/api')
    const { ARN } = await t.account.secrets.send(
      new CreateSecretCommand({ Name: name, SecretString: 'p', Description: 'api key' }),
    )
    const byArn = await t.account.secrets.send(new DescribeSecretCommand({ SecretId: ARN }))
    expect(byArn).toMatchObject({ ARN, Name: name, Description: 'api key' })
    expect(byArn).not.toHaveProperty('SecretString')
    const byName = await t.account.secrets.send(new DescribeSecretCommand({ SecretId: name }))
    expect(byName.ARN).toBe(ARN)
  })

  // API_DescribeSecret.html: a secret that does not exist is ResourceNotFoundException.
  it('DescribeSecret of an unknown secret is ResourceNotFoundException', async () => {
    const err = await rejectionOf(
      t.account.secrets.send(new DescribeSecretCommand({ SecretId: uniqueName('conf/none') })),
    )
    expect(err.name).toBe('ResourceNotFoundException')
    const byArn = await rejectionOf(
      t.account.secrets.send(
        new DescribeSecretCommand({
          SecretId: `arn:aws:secretsmanager:${t.region}:123456789012:secret:none-AbCdEf`,
        }),
      ),
    )
    expect(byArn.name).toBe('ResourceNotFoundException')
  })

  // API_CreateSecret.html: ResourceExistsException for a name in use.
  it('a second secret of the same name is ResourceExistsException', async () => {
    const name = uniqueName('conf/dup')
    await t.account.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'p' }))
    const err = await rejectionOf(
      t.account.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'q' })),
    )
    expect(err.name).toBe('ResourceExistsException')
  })

  // API_DeleteSecret.html: ForceDeleteWithoutRecovery deletes at once; DescribeSecret no longer finds it.
  it('DeleteSecret with ForceDeleteWithoutRecovery removes the secret', async () => {
    const name = uniqueName('conf/gone')
    const { ARN } = await t.account.secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'p' }))
    await t.account.secrets.send(new DeleteSecretCommand({ SecretId: ARN, ForceDeleteWithoutRecovery: true }))
    expect(
      (await rejectionOf(t.account.secrets.send(new DescribeSecretCommand({ SecretId: ARN })))).name,
    ).toBe('ResourceNotFoundException')
  })
})

describe('SSM parameters', () => {
  // API_PutParameter.html returns Version 1 for a new parameter; API_GetParameter.html returns it with its ARN.
  it('PutParameter then GetParameter', async () => {
    const name = `/${uniqueName('conf')}/db/host`
    const put = await t.account.ssm.send(
      new PutParameterCommand({ Name: name, Value: 'db.local', Type: 'String' }),
    )
    expect(put.Version).toBe(1)
    const got = await t.account.ssm.send(new GetParameterCommand({ Name: name }))
    expect(got.Parameter).toMatchObject({ Name: name, Value: 'db.local', Type: 'String', Version: 1 })
    expect(got.Parameter?.ARN).toBe(`arn:aws:ssm:${t.region}:123456789012:parameter${name}`)
  })

  // API_PutParameter.html: ParameterAlreadyExists without Overwrite; with it, the version goes up.
  it('PutParameter of an existing name needs Overwrite, which adds a version', async () => {
    const name = `/${uniqueName('conf')}/x`
    await t.account.ssm.send(new PutParameterCommand({ Name: name, Value: 'a', Type: 'String' }))
    const err = await rejectionOf(
      t.account.ssm.send(new PutParameterCommand({ Name: name, Value: 'b', Type: 'String' })),
    )
    expect(err.name).toBe('ParameterAlreadyExists')
    const put = await t.account.ssm.send(new PutParameterCommand({ Name: name, Value: 'b', Overwrite: true }))
    expect(put.Version).toBe(2)
    const v1 = await t.account.ssm.send(new GetParameterCommand({ Name: `${name}:1` }))
    expect(v1.Parameter?.Value).toBe('a')
  })

  // API_GetParameter.html: ParameterNotFound; API_GetParameters.html lists unknown names in InvalidParameters.
  it('unknown names: ParameterNotFound, or InvalidParameters in GetParameters', async () => {
    const known = `/${uniqueName('conf')}/k`
    const unknown = `/${uniqueName('conf')}/none`
    await t.account.ssm.send(new PutParameterCommand({ Name: known, Value: 'v', Type: 'String' }))
    expect((await rejectionOf(t.account.ssm.send(new GetParameterCommand({ Name: unknown })))).name).toBe(
      'ParameterNotFound',
    )
    const out = await t.account.ssm.send(new GetParametersCommand({ Names: [known, unknown] }))
    expect(out.Parameters?.map((p) => p.Name)).toEqual([known])
    expect(out.InvalidParameters).toEqual([unknown])
  })

  // API_GetParametersByPath.html: one level below the path, or every level with Recursive.
  it('GetParametersByPath: one level, or recursive', async () => {
    const root = `/${uniqueName('conf')}`
    for (const name of [`${root}/a`, `${root}/b`, `${root}/deep/c`]) {
      await t.account.ssm.send(new PutParameterCommand({ Name: name, Value: 'v', Type: 'String' }))
    }
    const one = await t.account.ssm.send(new GetParametersByPathCommand({ Path: root }))
    expect(one.Parameters?.map((p) => p.Name).sort()).toEqual([`${root}/a`, `${root}/b`])
    const all = await t.account.ssm.send(new GetParametersByPathCommand({ Path: root, Recursive: true }))
    expect(all.Parameters?.map((p) => p.Name).sort()).toEqual([`${root}/a`, `${root}/b`, `${root}/deep/c`])
  })

  // API_DescribeParameters.html with ParameterFilters (API_ParameterStringFilter.html): Name Equals
  // several names at once, Name BeginsWith, Path Recursive; metadata only, no Value.
  it('DescribeParameters with Name and Path filters returns metadata only', async () => {
    const root = `/${uniqueName('conf')}`
    await t.account.ssm.send(new PutParameterCommand({ Name: `${root}/a`, Value: 'v', Type: 'String' }))
    await t.account.ssm.send(
      new PutParameterCommand({ Name: `${root}/s/b`, Value: 'secret', Type: 'SecureString' }),
    )
    const byName = await t.account.ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [
          { Key: 'Name', Option: 'Equals', Values: [`${root}/a`, `${root}/s/b`, `${root}/none`] },
        ],
      }),
    )
    expect(byName.Parameters?.map((p) => [p.Name, p.Type]).sort()).toEqual([
      [`${root}/a`, 'String'],
      [`${root}/s/b`, 'SecureString'],
    ])
    expect(byName.Parameters?.[0]).not.toHaveProperty('Value')
    const begins = await t.account.ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [`${root}/s`] }],
      }),
    )
    expect(begins.Parameters?.map((p) => p.Name)).toEqual([`${root}/s/b`])
    const path = await t.account.ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [root] }],
      }),
    )
    expect(path.Parameters?.map((p) => p.Name).sort()).toEqual([`${root}/a`, `${root}/s/b`])
  })
})
