/** @module The tags a manifest carries: ownership and bookkeeping tags are the tool's, `aws:` ones AWS's. */
import type { Tags } from '../cloud/ports/index.js'

const TOOL_PREFIX = 'ecs-reconciler:'

export function userTags(tags: Tags): Tags {
  return Object.fromEntries(
    Object.entries(tags).filter(([k]) => !k.startsWith(TOOL_PREFIX) && !k.toLowerCase().startsWith('aws:')),
  )
}
