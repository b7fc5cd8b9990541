/**
 * IAM roles and the caller's identity, as the IAM and STS API references document them, run against
 * the target of this run (the local cloud, or moto under `npm run test:moto`).
 */
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

const trust = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  })

describe('IAM roles', () => {
  // API_CreateRole.html: the response's Role has the name, path, an ARN arn:aws:iam::ACCOUNT:role/PATHNAME and a RoleId.
  it('CreateRole returns the role with its ARN, path and id', async () => {
    const name = uniqueName('conf-role')
    const out = await t.account.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: '/app/',
        AssumeRolePolicyDocument: trust('ecs-tasks.amazonaws.com'),
      }),
    )
    expect(out.Role).toMatchObject({ RoleName: name, Path: '/app/' })
    expect(out.Role?.Arn).toMatch(new RegExp(`^arn:aws:iam::\\d{12}:role/app/${name}$`))
    expect(out.Role?.RoleId).toMatch(/^AROA[A-Z0-9]+$/)
  })

  // API_GetRole.html / API_Role.html: AssumeRolePolicyDocument is the trust policy, URL-encoded (RFC 3986).
  it('GetRole returns the trust policy given at creation', async () => {
    const name = uniqueName('conf-role')
    const document = trust('ecs-tasks.amazonaws.com')
    await t.account.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }))
    const got = await t.account.iam.send(new GetRoleCommand({ RoleName: name }))
    expect(got.Role?.RoleName).toBe(name)
    expect(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''))).toEqual(
      JSON.parse(document),
    )
  })

  // API_Role.html: AssumeRolePolicyDocument is "URL-encoded compliant with RFC 3986".
  it('GetRole URL-encodes the trust policy', async () => {
    const name = uniqueName('conf-role')
    const document = trust('ecs-tasks.amazonaws.com')
    await t.account.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }))
    const got = await t.account.iam.send(new GetRoleCommand({ RoleName: name }))
    expect(got.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(document))
  })

  // API_GetRole.html: a role that does not exist is NoSuchEntity (HTTP 404).
  it('GetRole of an unknown role is NoSuchEntity', async () => {
    const err = await rejectionOf(
      t.account.iam.send(new GetRoleCommand({ RoleName: uniqueName('conf-missing') })),
    )
    expect(err.name).toBe('NoSuchEntityException')
    expect(err.$metadata?.httpStatusCode).toBe(404)
  })

  // API_CreateRole.html: a second role of the same name is EntityAlreadyExists (HTTP 409).
  it('CreateRole of an existing name is EntityAlreadyExists', async () => {
    const name = uniqueName('conf-role')
    await t.account.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust('a.amazonaws.com') }),
    )
    const err = await rejectionOf(
      t.account.iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust('a.amazonaws.com') }),
      ),
    )
    expect(err.name).toBe('EntityAlreadyExistsException')
    expect(err.$metadata?.httpStatusCode).toBe(409)
  })

  // API_UpdateAssumeRolePolicy.html replaces the trust policy; API_DeleteRole.html removes the role.
  it('UpdateAssumeRolePolicy replaces the trust policy; DeleteRole removes the role', async () => {
    const name = uniqueName('conf-role')
    await t.account.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust('a.amazonaws.com') }),
    )
    const updated = trust('ecs-tasks.amazonaws.com')
    await t.account.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: updated }))
    const got = await t.account.iam.send(new GetRoleCommand({ RoleName: name }))
    expect(JSON.parse(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''))).toEqual(
      JSON.parse(updated),
    )
    await t.account.iam.send(new DeleteRoleCommand({ RoleName: name }))
    expect((await rejectionOf(t.account.iam.send(new GetRoleCommand({ RoleName: name })))).name).toBe(
      'NoSuchEntityException',
    )
  })
})

describe('STS', () => {
  // API_GetCallerIdentity.html: the 12-digit account, the caller's ARN and user id.
  it('GetCallerIdentity names the account and the caller', async () => {
    const out = await t.account.sts.send(new GetCallerIdentityCommand({}))
    expect(out.Account).toMatch(/^\d{12}$/)
    expect(out.Arn).toMatch(new RegExp(`^arn:aws:(iam|sts)::${out.Account}:`))
    expect(out.UserId).toBeTruthy()
  })
})
