/**
 * @module TaskDefinitionRevision: a live-only kind. No manifest declares it: a Service registers its
 * revisions, and this kind only retires the old ones of ours (retention, docs/reconciling.md) as planned
 * `delete` actions, fenced by `--max-deletes` like every delete but needing no `--prune`.
 */
import type { TaskDefinitionRevision } from '../../../cloud/ports/index.js'
import type { ManifestResource } from '../../../manifest/model.js'
import { runLimited } from '../../../shared/concurrency.js'
import type { ActualState } from '../../actual.js'
import { ActionFailedError } from '../../execute/context.js'
import { DEFAULT_KEEP_REVISIONS, ownershipOf, TAG_TASK_DEFINITION } from '../../ownership.js'
import type { KindHandler, ObserveContext } from '../handler.js'
import { renderedService } from '../service/rendered.js'
import { arnTagWriter } from '../tags.js'
import { expiredRevisions, parseRevisionArn } from './retention.js'

declare module '../../actual.js' {
  interface LiveStateByKind {
    /** ACTIVE revisions with tags, by family: only families of our services beyond the retention limit are listed. */
    readonly TaskDefinitionRevision: ReadonlyMap<string, readonly TaskDefinitionRevision[]>
  }
}

export interface RevisionPayload {
  readonly type: 'TaskDefinitionRevision'
  readonly arn: string
  readonly family: string
  readonly revision: number
}

/** After every service delete: a revision is retired last. */
const PRUNE_RANK = 40
const FAMILY_LISTINGS_IN_FLIGHT = 4

const neverDeclared = (): never => {
  throw new ActionFailedError('a task-definition revision is registered by its Service, never on its own')
}

export const taskDefinitionRevisionKind: KindHandler<ManifestResource, RevisionPayload> = {
  kind: 'TaskDefinitionRevision',
  label: (name) => `TaskDefinitionRevision ${name}`,
  desired: () => [],
  clusterOf: () => undefined,
  observe: () => Promise.resolve(new Map()),
  emptyLive: () => new Map(),
  observeAfter: observeFamilies,
  compare: neverDeclared,
  replaceReason: () => undefined,
  retention(actual, { set, options }) {
    const desiredHashes = new Map<string, Set<string>>()
    for (const service of set.byKind.Service) {
      const { taskDefinition, taskDefinitionHash } = renderedService(service)
      desiredHashes.set(
        taskDefinition.family,
        (desiredHashes.get(taskDefinition.family) ?? new Set()).add(taskDefinitionHash),
      )
    }
    const expired = expiredRevisions({
      actual,
      instance: options.instance,
      keep: options.keepRevisions ?? DEFAULT_KEEP_REVISIONS,
      desiredHashes,
    })
    return expired.map((r) => {
      const name = `${familyOf(r)}:${r.revision}`
      return {
        id: `TaskDefinitionRevision/${name}`,
        name,
        cluster: undefined,
        live: { arn: r.arn, tags: r.tags },
        pruneRank: PRUNE_RANK,
        payload: { type: 'TaskDefinitionRevision', arn: r.arn, family: familyOf(r), revision: r.revision },
      }
    })
  },
  execute: {
    create: neverDeclared,
    update: neverDeclared,
    async delete(_action, payload, ctx) {
      await ctx.writers.ecs.deregisterTaskDefinition(payload.arn)
    },
    tags: (writers) => arnTagWriter(writers.ecs),
  },
}

function familyOf(revision: TaskDefinitionRevision): string {
  return parseRevisionArn(revision.arn)?.family ?? revision.arn
}

/**
 * Lists the revisions of the families our observed services use, but only a family whose highest
 * revision number we know of exceeds `--keep-revisions`: revision numbers start at 1 and only grow,
 * so a family below it cannot hold more, and a steady system pays no read for retention. (A revision
 * registered beyond those we know of, by a run killed before it used it, is found once the service
 * moves past the limit.)
 */
async function observeFamilies(
  { readers, instance, keepRevisions }: ObserveContext,
  actual: ActualState,
): Promise<ActualState['TaskDefinitionRevision'] | undefined> {
  const highest = new Map<string, number>()
  for (const { service } of actual.Service.services.values()) {
    if (ownershipOf(service.tags, instance) !== 'ours') continue
    const recorded = service.tags[TAG_TASK_DEFINITION]?.split('@')[0]
    const arns = [
      service.taskDefinition,
      ...service.deployments.map((d) => d.taskDefinition),
      ...(recorded ? [`task-definition/${recorded}`] : []),
    ]
    for (const arn of arns) {
      const parsed = parseRevisionArn(arn)
      if (parsed) highest.set(parsed.family, Math.max(highest.get(parsed.family) ?? 0, parsed.revision))
    }
  }
  const families = [...highest].filter(([, revision]) => revision > keepRevisions).map(([family]) => family)
  if (families.length === 0) return undefined
  const listed = await runLimited(
    families,
    FAMILY_LISTINGS_IN_FLIGHT,
    async (family) => [family, await readers.ecs.listTaskDefinitionRevisions(family)] as const,
  )
  return new Map(listed)
}
