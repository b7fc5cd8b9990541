/** @module ChaosSchedule: the FIS experiment template behind a schedule (found by its resource tag). */
import type { ActualExperimentTemplate, ExperimentTemplateContent, Tags } from '../../../cloud/ports/index.js'
import type { ChaosScheduleResource } from '../../../manifest/model.js'
import { resolveService } from '../../../manifest/references.js'
import { diffValues, pathWithin } from '../../diff/diff.js'
import { ownershipOf, TAG_RESOURCE } from '../../ownership.js'
import type { KindHandler } from '../handler.js'
import { comparableTagView, desiredTags } from '../tags.js'
import { desiredExperimentTemplate, experimentTemplateView } from './template.js'

declare module '../../actual.js' {
  interface LiveStateByKind {
    /** The experiment templates behind chaos schedules (ours or another instance's). */
    readonly ChaosSchedule: readonly ActualExperimentTemplate[]
  }
}

export interface ChaosPayload {
  readonly type: 'ChaosSchedule'
  readonly content: ExperimentTemplateContent
  readonly tags: Tags
  readonly live: ActualExperimentTemplate | undefined
}

const PREFIX = 'ChaosSchedule/'
/** Chaos goes first when pruning: nothing depends on it. */
const PRUNE_RANK = 0

export const chaosScheduleKind: KindHandler<ChaosScheduleResource, ChaosPayload> = {
  kind: 'ChaosSchedule',
  label: (name) => `ChaosSchedule ${name}`,
  desired: (set) => set.byKind.ChaosSchedule,
  clusterOf: (chaos) => chaos.cluster,
  async observe({ set, readers, listForPrune }) {
    if (set.byKind.ChaosSchedule.length === 0 && !listForPrune) return []
    const templates = await readers.fis.listExperimentTemplates()
    return templates.filter((t) => t.tags[TAG_RESOURCE]?.startsWith(PREFIX))
  },
  emptyLive: () => [],
  compare(chaos, { set, actual, options }) {
    const target = resolveService(set, chaos.spec.target.service, chaos.cluster)
    const content = desiredExperimentTemplate(chaos, target?.cluster ?? chaos.cluster)
    const tags = desiredTags(chaos.spec.tags, chaos.id, options)
    // FIS templates have no name: ours is the one carrying this resource's tag and our instance.
    const live = actual.ChaosSchedule.find(
      (t) => t.tags[TAG_RESOURCE] === chaos.id && ownershipOf(t.tags, options.instance) === 'ours',
    )
    const payload: ChaosPayload = { type: 'ChaosSchedule', content, tags, live }
    if (!live) {
      return {
        live: undefined,
        desiredTags: tags,
        diff: [],
        payload,
        attributes: { ...experimentTemplateView(content), tags: comparableTagView(tags) },
      }
    }
    const diff = diffValues(
      { ...experimentTemplateView(live), tags: comparableTagView(live.tags) },
      { ...experimentTemplateView(content), tags: comparableTagView(tags) },
    )
    return { live: { arn: undefined, tags: live.tags }, desiredTags: tags, diff, payload }
  },
  replaceReason: () => undefined,
  candidates: (actual) =>
    actual.ChaosSchedule.map((t) => {
      const id = t.tags[TAG_RESOURCE] ?? `${PREFIX}${t.id}`
      return {
        id,
        name: id.slice(PREFIX.length),
        cluster: undefined,
        live: { arn: undefined, tags: t.tags },
        pruneRank: PRUNE_RANK,
        payload: { type: 'ChaosSchedule', content: t, tags: t.tags, live: t },
      }
    }),
  execute: {
    async create(_action, payload, ctx) {
      await ctx.writers.fis.createExperimentTemplate(payload.content, payload.tags)
    },
    async update(action, payload, ctx) {
      const settingsChanged = action.diff.some((c) => !pathWithin(c.path, 'tags'))
      if (payload.live && settingsChanged) {
        await ctx.writers.fis.updateExperimentTemplate(payload.live.id, payload.content)
      }
    },
    async delete(_action, payload, ctx) {
      if (payload.live) await ctx.writers.fis.deleteExperimentTemplate(payload.live.id)
    },
    tags: (writers) => ({
      tag: async (_live, payload, tags) => {
        if (payload.live) await writers.fis.tagExperimentTemplate(payload.live, tags)
      },
      untag: async (_live, payload, keys) => {
        if (payload.live) await writers.fis.untagExperimentTemplate(payload.live, keys)
      },
    }),
  },
}
