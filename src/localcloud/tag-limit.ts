/**
 * @module Tags per resource, checked before anything is stored: a refused TagResource or create
 * leaves the resource (or the world) as it was. ECS, FIS and Application Auto Scaling allow 50 tags
 * per resource, Cloud Map 200 (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html,
 * "Maximum number of tags per resource - 50"; https://docs.aws.amazon.com/cloud-map/latest/api/API_TagResource.html).
 * A create request with too many tags is already refused by the model's list-length check
 * (model-check.ts); this is the check on the resource's total, which the model cannot see.
 */
import type { AwsError } from './errors.js'

export const MAX_TAGS_PER_RESOURCE = 50

type Refuse = (message: string) => AwsError

/** Throws when `tags` hold more than `max`. */
export function checkTagCount(
  tags: Record<string, string>,
  refuse: Refuse,
  max: number = MAX_TAGS_PER_RESOURCE,
): void {
  const n = Object.keys(tags).length
  if (n > max) throw refuse(`A resource can have at most ${max} tags; this request would leave it with ${n}.`)
}

/** Adds `added` to `tags` in place, or throws and changes nothing when the result would exceed `max`. */
export function addTagsWithin(
  tags: Record<string, string>,
  added: Record<string, string>,
  refuse: Refuse,
  max: number = MAX_TAGS_PER_RESOURCE,
): void {
  checkTagCount({ ...tags, ...added }, refuse, max)
  Object.assign(tags, added)
}
