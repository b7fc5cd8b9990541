/**
 * @module IAM roles (awsQuery, version 2010-05-08): CreateRole, GetRole, UpdateAssumeRolePolicy,
 * DeleteRole. The trust policy is kept as given and returned URL-encoded, as the Role data type
 * documents ("URL-encoded compliant with RFC 3986"):
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
 */
import { ACCOUNT_ID, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import type { IamRole } from '../account/state.js'
import { isoTime } from '../protocols/xml.js'
import {
  optionalIntParam,
  optionalParam,
  queryTags,
  requiredParam,
  type QueryParams,
} from '../protocols/query-params.js'
import { nextId } from '../state.js'

const validation = (m: string) => new AwsError('ValidationError', m)
const noSuchRole = (name: string) =>
  new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404)

/** RoleName: 1–64 of `[\w+=,.@-]` (API_CreateRole). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
/** Path: `/` or `/…/` of printable ASCII, at most 512 characters (API_CreateRole). */
const ROLE_PATH = /^\/([\u0021-\u007E]*\/)?$/

function roleName(params: QueryParams): string {
  const name = requiredParam(params, 'RoleName', validation)
  if (!ROLE_NAME.test(name)) {
    throw validation(
      `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
    )
  }
  return name
}

/** The trust policy must be a JSON document (MalformedPolicyDocument otherwise). */
function trustPolicy(params: QueryParams): string {
  const document = requiredParam(params, 'AssumeRolePolicyDocument', validation)
  try {
    const parsed: unknown = JSON.parse(document)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('not an object')
    }
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'This policy contains invalid Json')
  }
  return document
}

function roleOutput(role: IamRole) {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: isoTime(role.createDate),
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value })),
  }
}

function findRole(ctx: HandlerContext, name: string): IamRole {
  const role = ctx.world.iam.roles[name]
  if (!role) throw noSuchRole(name)
  return role
}

const createRole: Handler = (params, ctx) => {
  const name = roleName(params)
  const path = optionalParam(params, 'Path') ?? '/'
  if (!ROLE_PATH.test(path) || path.length > 512) {
    throw validation(`The specified value for path is invalid: ${path}`)
  }
  const document = trustPolicy(params)
  // Role names are unique case-insensitively (API_CreateRole: "not distinguished by case").
  if (Object.keys(ctx.world.iam.roles).some((n) => n.toLowerCase() === name.toLowerCase())) {
    throw new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409)
  }
  const description = optionalParam(params, 'Description')
  const role: IamRole = {
    name,
    id: `AROA${nextId(ctx.world, 17).toUpperCase()}`,
    arn: `arn:aws:iam::${ACCOUNT_ID}:role${path}${name}`,
    path,
    assumeRolePolicyDocument: document,
    ...(description !== undefined ? { description } : {}),
    maxSessionDuration: optionalIntParam(params, 'MaxSessionDuration', validation, 3600, 43200) ?? 3600,
    createDate: ctx.now,
    tags: queryTags(params, 'Tags.member'),
  }
  ctx.world.iam.roles[name] = role
  return { Role: roleOutput(role) }
}

const getRole: Handler = (params, ctx) => ({ Role: roleOutput(findRole(ctx, roleName(params))) })

const updateAssumeRolePolicy: Handler = (params, ctx) => {
  const role = findRole(ctx, roleName(params))
  role.assumeRolePolicyDocument = requiredParam(params, 'PolicyDocument', validation)
  trustPolicy({ AssumeRolePolicyDocument: role.assumeRolePolicyDocument })
  return {}
}

const deleteRole: Handler = (params, ctx) => {
  const name = roleName(params)
  findRole(ctx, name)
  delete ctx.world.iam.roles[name]
  return {}
}

export const iamHandlers: Record<string, Handler> = {
  CreateRole: createRole,
  GetRole: getRole,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
}
