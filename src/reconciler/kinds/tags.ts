/** @module Tags as every kind compares them: the manifest's plus ownership, bookkeeping tags left out. Pure. */
import type { Tags } from '../../cloud/ports/index.js'
import { comparableTags, ownershipTags, type OwnershipContext } from '../ownership.js'
import type { TagWriter } from './handler.js'

/** Desired tags of a resource: the manifest's plus ownership. */
export function desiredTags(user: Tags | undefined, resourceId: string, options: OwnershipContext): Tags {
  return { ...(user ?? {}), ...ownershipTags(options, resourceId) }
}

export function tagsView(tags: Tags): Tags | undefined {
  return Object.keys(tags).length > 0 ? tags : undefined
}

/** Tags as the diff sees them: without the revision and redeploy-pending bookkeeping. */
export function comparableTagView(tags: Tags): Tags | undefined {
  return tagsView(comparableTags(tags))
}

/** A tag writer for APIs that tag by ARN (ECS, Cloud Map). */
export function arnTagWriter(api: {
  tagResource(arn: string, tags: Tags): Promise<void>
  untagResource(arn: string, keys: readonly string[]): Promise<void>
}): TagWriter<unknown> {
  return {
    tag: async (live, _payload, tags) => {
      if (live.arn) await api.tagResource(live.arn, tags)
    },
    untag: async (live, _payload, keys) => {
      if (live.arn) await api.untagResource(live.arn, keys)
    },
  }
}
