/** @module FIS (restJson1): experiment templates, experiments with `aws:ecs:stop-task` acting on tasks, tags. */
import { arn, type HandlerContext } from '../context.js'
import { fisErrors } from '../errors.js'
import { addTagsWithin, checkTagCount } from '../tag-limit.js'
import { nextId, type FisExperiment, type FisTemplate, type Json } from '../state.js'
import { text } from '../validate-input.js'
import { checkTemplateRules } from './template-rules.js'
import { INITIATING_MS, requestStop } from './experiments.js'

export { evolveExperiments } from './experiments.js'

export type RestHandler = (
  params: { id?: string; resourceArn?: string; query: URLSearchParams; body: Json },
  ctx: HandlerContext,
) => unknown

const KNOWN_ACTIONS = new Set([
  'aws:ecs:drain-container-instances',
  'aws:ecs:stop-task',
  'aws:ecs:task-cpu-stress',
  'aws:ecs:task-io-stress',
  'aws:ecs:task-kill-process',
  'aws:ecs:task-network-blackhole-port',
  'aws:ecs:task-network-latency',
  'aws:ecs:task-network-packet-loss',
  'aws:fis:wait',
])

function validateTemplate(body: Json, partial: boolean): void {
  const need = (field: string): void => {
    if (!partial && (body[field] === undefined || body[field] === null || body[field] === '')) {
      throw fisErrors.validation(`${field} is required.`)
    }
  }
  need('description')
  need('roleArn')
  need('stopConditions')
  need('actions')
  if (typeof body['description'] === 'string' && body['description'].length > 512) {
    throw fisErrors.validation('description is longer than 512 characters.')
  }
  for (const s of (body['stopConditions'] as Json[] | undefined) ?? []) {
    if (s['source'] !== 'none' && s['source'] !== 'aws:cloudwatch:alarm') {
      throw fisErrors.validation(`Unknown stop condition source ${String(s['source'])}.`)
    }
    if (s['source'] === 'aws:cloudwatch:alarm' && typeof s['value'] !== 'string') {
      throw fisErrors.validation('A CloudWatch alarm stop condition needs the alarm ARN as value.')
    }
  }
  const targets = (body['targets'] as Record<string, Json> | undefined) ?? {}
  for (const [name, t] of Object.entries(targets)) {
    if (typeof t['resourceType'] !== 'string') {
      throw fisErrors.validation(`Target ${name} needs a resourceType.`)
    }
    const mode = text(t['selectionMode'])
    if (!/^(ALL|COUNT\(\d+\)|PERCENT\(\d+\))$/.test(mode)) {
      throw fisErrors.validation(`Target ${name} has an invalid selectionMode ${mode}.`)
    }
    if (!t['resourceArns'] && !t['resourceTags'] && !t['parameters']) {
      throw fisErrors.validation(`Target ${name} must identify resources by ARNs, tags or parameters.`)
    }
  }
  for (const [name, a] of Object.entries((body['actions'] as Record<string, Json> | undefined) ?? {})) {
    if (!KNOWN_ACTIONS.has(String(a['actionId']))) {
      throw fisErrors.validation(`Action ${name} has an unknown actionId ${String(a['actionId'])}.`)
    }
    for (const targetName of Object.values((a['targets'] as Record<string, string> | undefined) ?? {})) {
      if (!targets[targetName]) {
        throw fisErrors.validation(`Action ${name} refers to an unknown target ${targetName}.`)
      }
    }
  }
  checkTemplateRules(body)
}

function templateView(t: FisTemplate): Json {
  return {
    id: t.id,
    arn: t.arn,
    ...t.body,
    creationTime: t.creationTime / 1000,
    lastUpdateTime: t.lastUpdateTime / 1000,
    tags: t.tags,
  }
}

function experimentView(e: FisExperiment): Json {
  const legacy = (status: FisExperiment['status']): string =>
    status === 'completed'
      ? 'completed'
      : status === 'running'
        ? 'running'
        : status === 'stopped'
          ? 'stopped'
          : 'pending'
  const actions = Object.fromEntries(
    Object.entries((e.template['actions'] as Record<string, Json> | undefined) ?? {}).map(([name, a]) => {
      const run = e.actions?.[name]
      return [
        name,
        {
          actionId: a['actionId'],
          parameters: a['parameters'],
          targets: a['targets'],
          ...(a['startAfter'] ? { startAfter: a['startAfter'] } : {}),
          state: { status: run?.status ?? legacy(e.status) },
          ...(run?.startsAt !== undefined ? { startTime: run.startsAt / 1000 } : {}),
          ...(run?.endsAt !== undefined && run.status !== 'running' && run.status !== 'pending'
            ? { endTime: run.endsAt / 1000 }
            : {}),
        },
      ]
    }),
  )
  const ended = e.status === 'completed' || e.status === 'stopped' || e.status === 'failed'
  return {
    id: e.id,
    arn: e.arn,
    experimentTemplateId: e.templateId,
    roleArn: e.template['roleArn'],
    state: { status: e.status, ...(e.reason ? { reason: e.reason } : {}) },
    targets: e.template['targets'],
    actions,
    stopConditions: e.template['stopConditions'],
    ...(e.template['experimentOptions'] ? { experimentOptions: e.template['experimentOptions'] } : {}),
    creationTime: e.createdAt / 1000,
    startTime: e.startedAt / 1000,
    ...(ended ? { endTime: e.endsAt / 1000 } : {}),
    tags: e.tags,
  }
}

function requireTemplate(ctx: HandlerContext, id: string | undefined): FisTemplate {
  const t = id === undefined ? undefined : ctx.world.fis.templates[id]
  if (!t) throw fisErrors.notFound(`Experiment template not found: ${id ?? ''}`)
  return t
}

const createTemplate: RestHandler = ({ body }, ctx) => {
  validateTemplate(body, false)
  const id = `EXT${nextId(ctx.world, 14).toUpperCase()}`
  const { tags, clientToken: _token, ...rest } = body
  checkTagCount((tags as Record<string, string> | undefined) ?? {}, fisErrors.validation)
  const template: FisTemplate = {
    id,
    arn: arn(ctx, 'fis', `experiment-template/${id}`),
    body: { targets: {}, ...rest },
    creationTime: ctx.now,
    lastUpdateTime: ctx.now,
    tags: (tags as Record<string, string> | undefined) ?? {},
  }
  ctx.world.fis.templates[id] = template
  return { experimentTemplate: templateView(template) }
}

const getTemplate: RestHandler = ({ id }, ctx) => ({
  experimentTemplate: templateView(requireTemplate(ctx, id)),
})

const updateTemplate: RestHandler = ({ id, body }, ctx) => {
  const template = requireTemplate(ctx, id)
  validateTemplate({ ...template.body, ...body }, false)
  template.body = { ...template.body, ...body }
  template.lastUpdateTime = ctx.now
  return { experimentTemplate: templateView(template) }
}

const deleteTemplate: RestHandler = ({ id }, ctx) => {
  const template = requireTemplate(ctx, id)
  delete ctx.world.fis.templates[template.id]
  return { experimentTemplate: templateView(template) }
}

const listTemplates: RestHandler = ({ query }, ctx) => {
  const all = Object.values(ctx.world.fis.templates).sort((a, b) => a.id.localeCompare(b.id))
  const max = Math.min(100, Number(query.get('maxResults') ?? 100))
  const start = Number(query.get('nextToken') ?? 0)
  const page = all.slice(start, start + max)
  return {
    experimentTemplates: page.map((t) => ({
      id: t.id,
      arn: t.arn,
      description: t.body['description'],
      creationTime: t.creationTime / 1000,
      lastUpdateTime: t.lastUpdateTime / 1000,
      tags: t.tags,
    })),
    ...(start + max < all.length ? { nextToken: String(start + max) } : {}),
  }
}

/** Experiments active at once: the emulator refuses more, as FIS does past its account quota (value chosen here). */
const MAX_ACTIVE_EXPERIMENTS = 5

/**
 * StartExperiment (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html):
 * idempotent on `clientToken`, so a retry or a second daemon with the same token gets the same
 * experiment back. The experiment snapshots the template (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html) and runs through
 * evolveExperiments.
 */
const startExperiment: RestHandler = ({ body }, ctx) => {
  const clientToken = typeof body['clientToken'] === 'string' ? body['clientToken'] : undefined
  if (clientToken !== undefined && !/^\S{1,1024}$/.test(clientToken)) {
    throw fisErrors.validation('clientToken must be 1 to 1024 characters without spaces.')
  }
  const existing =
    clientToken === undefined
      ? undefined
      : Object.values(ctx.world.fis.experiments).find((e) => e.clientToken === clientToken)
  if (existing) return { experiment: experimentView(existing) }
  const template = requireTemplate(
    ctx,
    typeof body['experimentTemplateId'] === 'string' ? body['experimentTemplateId'] : undefined,
  )
  const active = Object.values(ctx.world.fis.experiments).filter(
    (e) => e.status === 'running' || e.status === 'initiating',
  ).length
  if (active >= MAX_ACTIVE_EXPERIMENTS) throw fisErrors.conflict('Too many experiments are running.')
  const id = `EXP${nextId(ctx.world, 14).toUpperCase()}`
  const startedAt = ctx.now + INITIATING_MS
  const tags = (body['tags'] as Record<string, string> | undefined) ?? {}
  checkTagCount(tags, fisErrors.validation)
  const experiment: FisExperiment = {
    id,
    arn: arn(ctx, 'fis', `experiment/${id}`),
    templateId: template.id,
    // FIS snapshots the template when the experiment starts (https://docs.aws.amazon.com/fis/latest/APIReference/API_StartExperiment.html).
    template: structuredClone(template.body),
    status: 'initiating',
    createdAt: ctx.now,
    startedAt,
    endsAt: startedAt,
    actionsDone: false,
    stoppedTasks: [],
    tags,
    ...(clientToken !== undefined ? { clientToken } : {}),
  }
  ctx.world.fis.experiments[id] = experiment
  return { experiment: experimentView(experiment) }
}

const getExperiment: RestHandler = ({ id }, ctx) => {
  const e = id === undefined ? undefined : ctx.world.fis.experiments[id]
  if (!e) throw fisErrors.notFound(`Experiment not found: ${id ?? ''}`)
  return { experiment: experimentView(e) }
}

/**
 * ListExperiments (https://docs.aws.amazon.com/fis/latest/APIReference/API_ListExperiments.html):
 * `maxResults` 1–100, `nextToken`, and one filter, `experimentTemplateId`. There is no tag filter:
 * summaries carry their tags and callers filter on them.
 */
const listExperiments: RestHandler = ({ query }, ctx) => {
  const templateId = query.get('experimentTemplateId')
  const maxText = query.get('maxResults')
  const max = maxText === null ? 100 : Number(maxText)
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw fisErrors.validation('maxResults must be between 1 and 100.')
  }
  const all = Object.values(ctx.world.fis.experiments)
    .filter((e) => !templateId || e.templateId === templateId)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  const tokenText = query.get('nextToken')
  const start = tokenText === null ? 0 : Number(tokenText)
  if (!Number.isInteger(start) || start < 0) throw fisErrors.validation('The nextToken is not valid.')
  return {
    experiments: all.slice(start, start + max).map((e) => ({
      id: e.id,
      arn: e.arn,
      experimentTemplateId: e.templateId,
      state: { status: e.status, ...(e.reason ? { reason: e.reason } : {}) },
      creationTime: e.createdAt / 1000,
      tags: e.tags,
    })),
    ...(start + max < all.length ? { nextToken: String(start + max) } : {}),
  }
}

const stopExperiment: RestHandler = ({ id }, ctx) => {
  const e = id === undefined ? undefined : ctx.world.fis.experiments[id]
  if (!e) throw fisErrors.notFound(`Experiment not found: ${id ?? ''}`)
  requestStop(e)
  return { experiment: experimentView(e) }
}

function taggable(ctx: HandlerContext, resourceArn: string | undefined): { tags: Record<string, string> } {
  const owner =
    Object.values(ctx.world.fis.templates).find((t) => t.arn === resourceArn) ??
    Object.values(ctx.world.fis.experiments).find((e) => e.arn === resourceArn)
  if (!owner) throw fisErrors.notFound(`Resource not found: ${resourceArn ?? ''}`)
  return owner
}

const tagResource: RestHandler = ({ resourceArn, body }, ctx) => {
  addTagsWithin(
    taggable(ctx, resourceArn).tags,
    (body['tags'] as Record<string, string> | undefined) ?? {},
    fisErrors.validation,
  )
  return {}
}

const untagResource: RestHandler = ({ resourceArn, query }, ctx) => {
  const owner = taggable(ctx, resourceArn)
  for (const key of query.getAll('tagKeys')) delete owner.tags[key]
  return {}
}

const listTags: RestHandler = ({ resourceArn }, ctx) => ({ tags: taggable(ctx, resourceArn).tags })

/** restJson1 routes (https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html). */
export function routeFis(
  method: string,
  path: string,
): { handler: RestHandler; id?: string; resourceArn?: string; mutating: boolean } | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const [root, rest] = [parts[0], parts.slice(1).join('/')]
  if (root === 'experimentTemplates') {
    if (!rest) {
      return method === 'POST'
        ? { handler: createTemplate, mutating: true }
        : method === 'GET'
          ? { handler: listTemplates, mutating: false }
          : undefined
    }
    if (method === 'GET') return { handler: getTemplate, id: rest, mutating: false }
    if (method === 'PATCH') return { handler: updateTemplate, id: rest, mutating: true }
    if (method === 'DELETE') return { handler: deleteTemplate, id: rest, mutating: true }
  }
  if (root === 'experiments') {
    if (!rest) {
      return method === 'POST'
        ? { handler: startExperiment, mutating: true }
        : method === 'GET'
          ? { handler: listExperiments, mutating: false }
          : undefined
    }
    if (method === 'GET') return { handler: getExperiment, id: rest, mutating: false }
    if (method === 'DELETE') return { handler: stopExperiment, id: rest, mutating: true }
  }
  if (root === 'tags' && rest) {
    if (method === 'POST') return { handler: tagResource, resourceArn: rest, mutating: true }
    if (method === 'GET') return { handler: listTags, resourceArn: rest, mutating: false }
    if (method === 'DELETE') return { handler: untagResource, resourceArn: rest, mutating: true }
  }
  return undefined
}
