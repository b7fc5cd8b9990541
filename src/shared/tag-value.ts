/**
 * @module The characters AWS allows in a tag, so every tag we write is one ECS accepts. ECS: "letters,
 * numbers, and spaces representable in UTF-8, and the following characters: + - = . _ : / @", keys
 * 1–128 and values 0–256 characters, at most 50 tags per resource
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html#tag-restrictions;
 * the API's `Tag` shape has the same pattern, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html). Pure.
 */

/** The pattern of the ECS `TagKey` and `TagValue` shapes. */
export const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
export const MAX_TAG_KEY_LENGTH = 128
export const MAX_TAG_VALUE_LENGTH = 256
/** AWS's limit per resource. */
export const MAX_TAGS_PER_RESOURCE = 50
/** Tags kept for ecs-reconciler's own (ownership, revision records, holds, hook outcomes, …). */
export const RESERVED_TAGS = 10
/** What a manifest may give one resource. */
export const MAX_USER_TAGS = MAX_TAGS_PER_RESOURCE - RESERVED_TAGS

export function isTagText(text: string): boolean {
  return TAG_TEXT.test(text)
}

/** `text` as a tag value ECS accepts: each character it refuses becomes `_`, and at most 256 characters. */
export function toTagValue(text: string): string {
  const safe = [...text].map((c) => (TAG_TEXT.test(c) ? c : '_')).join('')
  return [...safe].slice(0, MAX_TAG_VALUE_LENGTH).join('')
}
