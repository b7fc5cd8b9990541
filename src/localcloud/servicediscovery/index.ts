/** @module Cloud Map operations: HTTP namespaces (asynchronous), their services, operations and tags. */
import type { Handler, HandlerContext } from '../context.js'
import { sdErrors } from '../errors.js'
import { nextId, type Json, type SdNamespace, type SdOperation } from '../state.js'
import {
  optionalInt,
  optionalString,
  paginate,
  requireString,
  tagsFromList,
  text,
} from '../validate-input.js'
import { addTagsWithin, checkTagCount } from '../tag-limit.js'
import { createNamespace, servicesIn } from './registry.js'

/** Cloud Map's limit per resource (API_TagResource: up to 200 tags). */
const CLOUD_MAP_MAX_TAGS = 200

function operationStatus(op: SdOperation, now: number): string {
  if (now >= op.doneAt) return 'SUCCESS'
  return now - op.createDate < (op.doneAt - op.createDate) / 2 ? 'SUBMITTED' : 'PENDING'
}

function newOperation(
  ctx: HandlerContext,
  type: SdOperation['type'],
  namespaceId: string,
  delayMs: number,
): SdOperation {
  const op: SdOperation = {
    id: nextId(ctx.world, 32),
    type,
    createDate: ctx.now,
    doneAt: ctx.now + delayMs,
    targets: { NAMESPACE: namespaceId },
  }
  ctx.world.sd.operations[op.id] = op
  return op
}

function namespaceSummary(ns: SdNamespace, ctx: HandlerContext): Json {
  return {
    Id: ns.id,
    Arn: ns.arn,
    Name: ns.name,
    Type: 'HTTP',
    ...(ns.description ? { Description: ns.description } : {}),
    ServiceCount: servicesIn(ctx.world, ns.id).length,
    Properties: { DnsProperties: {}, HttpProperties: { HttpName: ns.name } },
    CreateDate: ns.createDate / 1000,
  }
}

const createHttpNamespace: Handler = (input, ctx) => {
  const name = requireString(input, 'Name', sdErrors.invalid)
  if (name.length > 1024 || !/^[!-~]+$/.test(name)) {
    throw sdErrors.invalid('Name must be 1–1024 printable ASCII characters without spaces.')
  }
  const existing = Object.values(ctx.world.sd.namespaces).find((ns) => !ns.deleted && ns.name === name)
  // CreatorRequestId "allows failed CreateHttpNamespace requests to be retried without the risk of
  // running the operation twice" (https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateHttpNamespace.html).
  const requestId = optionalString(input, 'CreatorRequestId', sdErrors.invalid)
  if (existing && requestId !== undefined && existing.creator?.requestId === requestId) {
    return { OperationId: existing.creator.operationId }
  }
  if (existing) throw sdErrors.namespaceExists(`Namespace ${name} already exists.`)
  const tags = tagsFromList(input['Tags'], 'Key', 'Value')
  checkTagCount(tags, sdErrors.tooManyTags, CLOUD_MAP_MAX_TAGS)
  const delay = ctx.timing.namespaceCreateSeconds
  const ns = createNamespace(ctx, name, optionalString(input, 'Description', sdErrors.invalid), tags, delay)
  const op = newOperation(ctx, 'CREATE_NAMESPACE', ns.id, delay * 1000)
  if (requestId !== undefined) ns.creator = { requestId, operationId: op.id }
  return { OperationId: op.id }
}

const getOperation: Handler = (input, ctx) => {
  const op = ctx.world.sd.operations[requireString(input, 'OperationId', sdErrors.invalid)]
  if (!op) throw sdErrors.operationNotFound('No operation found with that id.')
  const status = operationStatus(op, ctx.now)
  return {
    Operation: {
      Id: op.id,
      Type: op.type,
      Status: status,
      CreateDate: op.createDate / 1000,
      UpdateDate: Math.min(ctx.now, op.doneAt) / 1000,
      Targets: op.targets,
    },
  }
}

const FILTER_NAMES = new Set(['TYPE', 'NAME', 'HTTP_NAME'])

const listNamespaces: Handler = (input, ctx) => {
  const filters = (input['Filters'] as Json[] | undefined) ?? []
  for (const f of filters) {
    if (!FILTER_NAMES.has(String(f['Name']))) {
      throw sdErrors.invalid(`Unsupported filter name ${String(f['Name'])}.`)
    }
    const condition = f['Condition'] ?? 'EQ'
    if (condition !== 'EQ' && condition !== 'BEGINS_WITH') {
      throw sdErrors.invalid(`Unsupported condition ${text(condition)}.`)
    }
  }
  const max = optionalInt(input, 'MaxResults', sdErrors.invalid, 1, 100) ?? 100
  const all = Object.values(ctx.world.sd.namespaces)
    .filter((ns) => !ns.deleted && ns.readyAt <= ctx.now)
    .sort((a, b) => a.createDate - b.createDate || a.id.localeCompare(b.id))
  // Cloud Map pages first and filters after, so a page may be empty while NextToken is set (https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html).
  const { page, next } = paginate(
    all,
    max,
    optionalString(input, 'NextToken', sdErrors.invalid),
    sdErrors.invalid,
  )
  const matches = (ns: SdNamespace): boolean =>
    filters.every((f) => {
      const values = (f['Values'] as string[] | undefined) ?? []
      const field = f['Name'] === 'TYPE' ? 'HTTP' : ns.name
      return f['Condition'] === 'BEGINS_WITH'
        ? values.some((v) => field.startsWith(v))
        : values.includes(field)
    })
  return {
    Namespaces: page.filter(matches).map((ns) => namespaceSummary(ns, ctx)),
    ...(next ? { NextToken: next } : {}),
  }
}

const getNamespace: Handler = (input, ctx) => {
  const id = requireString(input, 'Id', sdErrors.invalid)
  const ns = Object.values(ctx.world.sd.namespaces).find(
    (n) => n.id === id && !n.deleted && n.readyAt <= ctx.now,
  )
  if (!ns) throw sdErrors.namespaceNotFound(`Namespace ${id} not found.`)
  const { ServiceCount: _count, ...summary } = namespaceSummary(ns, ctx)
  return { Namespace: { ...summary, CreatorRequestId: ns.id } }
}

const deleteNamespace: Handler = (input, ctx) => {
  const id = requireString(input, 'Id', sdErrors.invalid)
  const ns = Object.values(ctx.world.sd.namespaces).find(
    (n) => n.id === id && !n.deleted && n.readyAt <= ctx.now,
  )
  if (!ns) throw sdErrors.namespaceNotFound(`Namespace ${id} not found.`)
  if (servicesIn(ctx.world, ns.id).length > 0) {
    throw sdErrors.resourceInUse(`Namespace ${id} has associated services and cannot be deleted.`)
  }
  ns.deleted = true
  const op = newOperation(ctx, 'DELETE_NAMESPACE', ns.id, ctx.timing.namespaceCreateSeconds * 1000)
  return { OperationId: op.id }
}

const listServices: Handler = (input, ctx) => {
  const filters = (input['Filters'] as Json[] | undefined) ?? []
  const nsFilter = filters.find((f) => f['Name'] === 'NAMESPACE_ID')
  const ids = (nsFilter?.['Values'] as string[] | undefined) ?? []
  const max = optionalInt(input, 'MaxResults', sdErrors.invalid, 1, 100) ?? 100
  const all = Object.values(ctx.world.sd.services)
    .filter((s) => ids.length === 0 || ids.includes(s.namespaceId))
    .sort((a, b) => a.id.localeCompare(b.id))
  const { page, next } = paginate(
    all,
    max,
    optionalString(input, 'NextToken', sdErrors.invalid),
    sdErrors.invalid,
  )
  return {
    Services: page.map((s) => ({
      Id: s.id,
      Arn: s.arn,
      Name: s.name,
      Type: 'HTTP',
      InstanceCount: 0,
      CreateDate: s.createDate / 1000,
    })),
    ...(next ? { NextToken: next } : {}),
  }
}

const getService: Handler = (input, ctx) => {
  const id = requireString(input, 'Id', sdErrors.invalid)
  const s = ctx.world.sd.services[id]
  if (!s) throw sdErrors.serviceNotFound(`Service ${id} not found.`)
  return {
    Service: {
      Id: s.id,
      Arn: s.arn,
      Name: s.name,
      NamespaceId: s.namespaceId,
      Type: 'HTTP',
      CreateDate: s.createDate / 1000,
    },
  }
}

function taggable(ctx: HandlerContext, resourceArn: string): Record<string, string> {
  const owner =
    Object.values(ctx.world.sd.namespaces).find((n) => n.arn === resourceArn && !n.deleted) ??
    Object.values(ctx.world.sd.services).find((s) => s.arn === resourceArn)
  if (!owner) throw sdErrors.resourceNotFound(`Resource ${resourceArn} not found.`)
  return owner.tags
}

const tagResource: Handler = (input, ctx) => {
  addTagsWithin(
    taggable(ctx, requireString(input, 'ResourceARN', sdErrors.invalid)),
    tagsFromList(input['Tags'], 'Key', 'Value'),
    sdErrors.tooManyTags,
    CLOUD_MAP_MAX_TAGS,
  )
  return {}
}

const untagResource: Handler = (input, ctx) => {
  const tags = taggable(ctx, requireString(input, 'ResourceARN', sdErrors.invalid))
  for (const key of (input['TagKeys'] as string[] | undefined) ?? []) delete tags[key]
  return {}
}

const listTags: Handler = (input, ctx) => ({
  Tags: Object.entries(taggable(ctx, requireString(input, 'ResourceARN', sdErrors.invalid))).map(
    ([Key, Value]) => ({ Key, Value }),
  ),
})

export const serviceDiscoveryHandlers: Record<string, Handler> = {
  CreateHttpNamespace: createHttpNamespace,
  GetOperation: getOperation,
  ListNamespaces: listNamespaces,
  GetNamespace: getNamespace,
  DeleteNamespace: deleteNamespace,
  ListServices: listServices,
  GetService: getService,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTags,
}
