/**
 * @module AWS CloudFormation stacks (awsQuery, version 2010-05-15): CreateStack, DescribeStacks,
 * DeleteStack, ListStacks. A stack is created at once (CREATE_COMPLETE) with the outputs its template
 * declares; its Resources are not created (see template.ts for what a template may hold).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStacks.html
 */
import { createHash } from 'node:crypto'
import type { CfnStack } from '../account/state.js'
import { ACCOUNT_ID, type Handler, type HandlerContext } from '../context.js'
import { AwsError } from '../errors.js'
import {
  optionalParam,
  queryTags,
  requiredParam,
  scalarList,
  structList,
  type QueryParams,
} from '../protocols/query-params.js'
import { isoTime } from '../protocols/xml.js'
import { nextId } from '../state.js'
import { text } from '../validate-input.js'
import { evaluateOutputs, parameterValues } from './evaluate.js'
import { parseTemplate, validation } from './template.js'

/** StackName: a letter, then letters, digits and hyphens, at most 128 (API_CreateStack). */
const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/
const MAX_TAGS = 50
/** Deleted stacks stay visible by stack id (DescribeStacks, ListStacks) for 90 days (API_ListStacks). */
const DELETED_KEPT_MS = 90 * 24 * 3600 * 1000

function stackName(params: QueryParams): string {
  const name = requiredParam(params, 'StackName', validation)
  if (!STACK_NAME.test(name)) {
    throw validation(
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    )
  }
  return name
}

/** A UUID from the world's counter (not random), so runs on a manual clock are reproducible. */
function stackUuid(ctx: HandlerContext, name: string): string {
  const hex = createHash('sha256')
    .update(`${ctx.region}/${name}/${nextId(ctx.world)}`)
    .digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** The stack a name (live stacks of this region) or a stack id (deleted ones too) names. */
function findStack(ctx: HandlerContext, nameOrId: string): CfnStack | undefined {
  const stacks = Object.values(ctx.world.cloudformation.stacks)
  if (nameOrId.startsWith('arn:')) return stacks.find((s) => s.id === nameOrId && s.region === ctx.region)
  return stacks.find((s) => s.name === nameOrId && s.region === ctx.region && s.status !== 'DELETE_COMPLETE')
}

const notFound = (nameOrId: string) => validation(`Stack with id ${nameOrId} does not exist`)

function forgetOldDeletedStacks(ctx: HandlerContext): void {
  for (const [id, stack] of Object.entries(ctx.world.cloudformation.stacks)) {
    if (stack.deletedAt !== undefined && ctx.now - stack.deletedAt > DELETED_KEPT_MS) {
      delete ctx.world.cloudformation.stacks[id]
    }
  }
}

function templateBody(params: QueryParams): string {
  if (optionalParam(params, 'TemplateURL') !== undefined) {
    throw validation('TemplateURL is not supported by the local cloud: pass the template as TemplateBody.')
  }
  const body = optionalParam(params, 'TemplateBody')
  if (body === undefined || body === '') {
    throw validation('Either Template URL or Template Body must be specified.')
  }
  return body
}

function stackTags(params: QueryParams): Record<string, string> {
  const tags = queryTags(params, 'Tags.member')
  if (Object.keys(tags).length > MAX_TAGS) {
    throw validation(
      `1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`,
    )
  }
  return tags
}

const createStack: Handler = (params, ctx) => {
  const name = stackName(params)
  const body = templateBody(params)
  if (findStack(ctx, name)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`)
  const template = parseTemplate(body)
  const given = structList(params, 'Parameters.member').map((p) => ({
    key: text(p['ParameterKey']),
    value: typeof p['ParameterValue'] === 'string' ? p['ParameterValue'] : undefined,
  }))
  const values = parameterValues(template, given)
  const outputs = evaluateOutputs(template, values)
  const tags = stackTags(params)
  forgetOldDeletedStacks(ctx)
  const id = `arn:aws:cloudformation:${ctx.region}:${ACCOUNT_ID}:stack/${name}/${stackUuid(ctx, name)}`
  ctx.world.cloudformation.stacks[id] = {
    region: ctx.region,
    id,
    name,
    ...(template.description !== undefined ? { description: template.description } : {}),
    parameters: Object.entries(values).map(([key, value]) => ({
      key,
      value,
      noEcho: template.parameters[key]?.noEcho ?? false,
    })),
    outputs,
    status: 'CREATE_COMPLETE',
    createdAt: ctx.now,
    templateBody: body,
    tags,
  }
  return { StackId: id }
}

const NOT_CHECKED = { StackDriftStatus: 'NOT_CHECKED' }

function stackOutput(stack: CfnStack) {
  return {
    StackId: stack.id,
    StackName: stack.name,
    Description: stack.description,
    Parameters: stack.parameters.map((p) => ({
      ParameterKey: p.key,
      // NoEcho values are masked in DescribeStacks (parameters-section-structure.html, NoEcho).
      ParameterValue: p.noEcho ? '****' : p.value,
    })),
    CreationTime: isoTime(stack.createdAt),
    DeletionTime: stack.deletedAt === undefined ? undefined : isoTime(stack.deletedAt),
    StackStatus: stack.status,
    DisableRollback: false,
    NotificationARNs: [],
    Outputs:
      stack.outputs.length === 0
        ? undefined
        : stack.outputs.map((o) => ({
            OutputKey: o.key,
            OutputValue: o.value,
            Description: o.description,
            ExportName: o.exportName,
          })),
    Tags: Object.entries(stack.tags).map(([Key, Value]) => ({ Key, Value })),
    EnableTerminationProtection: false,
    DriftInformation: NOT_CHECKED,
  }
}

/** Newest first, as the console and CLI show them. */
const newestFirst = (a: CfnStack, b: CfnStack) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1)

const describeStacks: Handler = (params, ctx) => {
  const nameOrId = optionalParam(params, 'StackName')
  if (nameOrId !== undefined && nameOrId !== '') {
    const stack = findStack(ctx, nameOrId)
    if (!stack) throw notFound(nameOrId)
    return { Stacks: [stackOutput(stack)] }
  }
  const live = Object.values(ctx.world.cloudformation.stacks).filter(
    (s) => s.region === ctx.region && s.status !== 'DELETE_COMPLETE',
  )
  return { Stacks: live.sort(newestFirst).map(stackOutput) }
}

/** Deleting a stack that does not exist succeeds, as in AWS; the stack stays visible by id as DELETE_COMPLETE. */
const deleteStack: Handler = (params, ctx) => {
  const nameOrId = requiredParam(params, 'StackName', validation)
  const stack = findStack(ctx, nameOrId)
  if (stack && stack.status !== 'DELETE_COMPLETE') {
    stack.status = 'DELETE_COMPLETE'
    stack.deletedAt = ctx.now
  }
  return {}
}

const listStacks: Handler = (params, ctx) => {
  const statuses = scalarList(params, 'StackStatusFilter.member')
  const stacks = Object.values(ctx.world.cloudformation.stacks).filter(
    (s) => s.region === ctx.region && (statuses.length === 0 || statuses.includes(s.status)),
  )
  return {
    StackSummaries: stacks.sort(newestFirst).map((s) => ({
      StackId: s.id,
      StackName: s.name,
      TemplateDescription: s.description,
      CreationTime: isoTime(s.createdAt),
      DeletionTime: s.deletedAt === undefined ? undefined : isoTime(s.deletedAt),
      StackStatus: s.status,
      DriftInformation: NOT_CHECKED,
    })),
  }
}

export const cloudFormationHandlers: Record<string, Handler> = {
  CreateStack: createStack,
  DescribeStacks: describeStacks,
  DeleteStack: deleteStack,
  ListStacks: listStacks,
}
