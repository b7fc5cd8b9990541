/**
 * @module IAM roles and whom they trust: GetRole returns the trust policy URL-encoded
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html).
 */
import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam'
import type { AccountLookups, RoleFacts } from '../../ports/index.js'
import { readEach } from './lookups.js'

interface Statement {
  Effect?: string
  Action?: string | string[]
  Principal?: { Service?: string | string[] } | string
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

const ASSUMES = /^(sts:AssumeRole|sts:\*|\*)$/

/** The service principals an Allow statement lets assume the role (sts:AssumeRole). */
export function trustedServicesOf(document: string | undefined): string[] {
  if (!document) return []
  let policy: { Statement?: Statement | Statement[] }
  try {
    policy = JSON.parse(decodeURIComponent(document)) as typeof policy
  } catch {
    return []
  }
  return asList(policy.Statement)
    .filter((s) => s.Effect === 'Allow' && asList(s.Action).some((a) => ASSUMES.test(a)))
    .flatMap((s) => (typeof s.Principal === 'object' ? asList(s.Principal.Service) : []))
}

export function getRoles(client: IAMClient, names: readonly string[]): Promise<AccountLookups<RoleFacts>> {
  return readEach(names, 'IAM.GetRole', /NoSuchEntity/, async (name) => {
    const out = await client.send(new GetRoleCommand({ RoleName: name }))
    if (!out.Role) return undefined
    return {
      arn: out.Role.Arn ?? name,
      trustedServices: trustedServicesOf(out.Role.AssumeRolePolicyDocument),
    }
  })
}
