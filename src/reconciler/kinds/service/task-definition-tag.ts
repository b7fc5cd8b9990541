/**
 * @module The content hash of a rendered task definition, and the service tag that records which
 * revision carries it: `ecs-reconciler:task-definition=<family>:<revision>@<hash>`. Pure.
 */
import { createHash } from 'node:crypto'
import type { TaskDefinitionContent } from '../../../cloud/ports/index.js'
import { stableJson } from '../../diff/diff.js'
import { taskDefinitionView } from './normalise.js'

/** Hash of the normalised content: equal for contents the plan would call equal. */
export function taskDefinitionHash(content: TaskDefinitionContent): string {
  return createHash('sha256')
    .update(stableJson(taskDefinitionView(content)))
    .digest('hex')
    .slice(0, 24)
}

/** `family:revision` of a task-definition ARN (`arn:aws:ecs:r:a:task-definition/family:7`) or of `family:7`. */
export function familyRevision(arnOrName: string): string {
  return arnOrName.slice(arnOrName.lastIndexOf('/') + 1)
}

export function taskDefinitionTagValue(arn: string, hash: string): string {
  return `${familyRevision(arn)}@${hash}`
}

/** The hash the tag records for this revision, or undefined when the tag is absent or names another revision. */
export function hashRecordedFor(tagValue: string | undefined, arn: string): string | undefined {
  if (!tagValue) return undefined
  const at = tagValue.lastIndexOf('@')
  return at > 0 && tagValue.slice(0, at) === familyRevision(arn) ? tagValue.slice(at + 1) : undefined
}
