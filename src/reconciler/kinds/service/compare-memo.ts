/**
 * @module What a service's comparison costs, paid once per change: its desired side (settings, tags,
 * scaling and their normalised view) is kept per manifest object and the inputs it was made from, and
 * its last diff with the live inputs it was made from. A daemon resync that finds the manifest
 * and the live service as before reuses both and neither normalises nor diffs again. Manifest objects
 * are never modified after loading (the daemon keeps unchanged ones across passes, stable-set.ts).
 */
import type { ScalingState, ServiceSettings, Tags } from '../../../cloud/ports/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { jsonEqual, type FieldChange } from '../../diff/diff.js'
import type { OwnershipContext } from '../../ownership.js'
import { comparableTags } from '../../ownership.js'
import { desiredTags } from '../tags.js'
import { desiredScaling, desiredServiceSettings, type ClusterStrategy } from './desired.js'
import type { LiveService } from './live.js'
import { serviceView, type NormaliseContext } from './normalise.js'
import { renderedService } from './rendered.js'

export interface DesiredSide {
  readonly settings: ServiceSettings
  readonly tags: Tags
  readonly scaling: ScalingState | undefined
  readonly view: Record<string, unknown>
}

export interface LiveComparison {
  readonly diff: readonly FieldChange[]
  /** The live view has Service Connect. */
  readonly liveServiceConnect: boolean
}

interface Entry {
  readonly key: string
  readonly desired: DesiredSide
  last?: { readonly live: LiveInputs; readonly comparison: LiveComparison }
}

const entries = new WeakMap<ServiceResource, Entry>()

export interface DesiredInputs {
  readonly namespace: string | undefined
  readonly clusterStrategy: ClusterStrategy | undefined
  readonly options: OwnershipContext
  readonly ctx: NormaliseContext
}

/** The service's desired side, made again only when the manifest object or an input changed. */
export function desiredSide(service: ServiceResource, inputs: DesiredInputs): DesiredSide {
  return entryOf(service, inputs).desired
}

function entryOf(service: ServiceResource, inputs: DesiredInputs): Entry {
  const { namespace, clusterStrategy, options, ctx } = inputs
  const key = JSON.stringify([
    namespace ?? null,
    namespace === undefined ? null : ctx.namespaceName(namespace),
    clusterStrategy ?? null,
    options.instance,
    options.revision ?? null,
  ])
  const known = entries.get(service)
  if (known?.key === key) return known
  const settings = desiredServiceSettings(service, namespace, clusterStrategy)
  const tags = desiredTags(service.spec.tags, `Service/${service.name}`, options)
  const scaling = desiredScaling(service)
  const { taskDefinition } = renderedService(service)
  const view = serviceView({ taskDefinition, settings, tags: comparableTags(tags), scaling }, ctx)
  const entry: Entry = { key, desired: { settings, tags, scaling, view } }
  entries.set(service, entry)
  return entry
}

/**
 * Everything the live view is made from: the service as read, its task definition unless the tag
 * proves it is the rendered one, its scaling state and the name its Service Connect namespace ARN
 * stands for. Compared with the last one structurally (jsonEqual), without writing either out.
 */
export function liveInputs(
  liveEntry: LiveService,
  renderedMatches: boolean,
  liveScaling: ScalingState | undefined,
  ctx: NormaliseContext,
): LiveInputs {
  const primary = liveEntry.service.deployments.find((d) => d.status === 'PRIMARY')
  const namespace = primary?.serviceConnectConfiguration?.namespace
  return [
    liveEntry.service,
    renderedMatches ? 'rendered' : (liveEntry.taskDefinition ?? null),
    liveScaling ?? null,
    namespace === undefined ? null : ctx.namespaceName(namespace),
  ]
}

export type LiveInputs = readonly unknown[]

/** The diff against live state: the last one when the desired side and the live inputs are as then. */
export function compareOnce(
  service: ServiceResource,
  inputs: DesiredInputs,
  live: LiveInputs,
  compare: () => LiveComparison,
): LiveComparison {
  const entry = entryOf(service, inputs)
  if (entry.last && jsonEqual(entry.last.live, live)) return entry.last.comparison
  const comparison = compare()
  entry.last = { live, comparison }
  return comparison
}
