/**
 * @module Which task-definition revisions retention may deregister (docs/reconciling.md): ours, beyond the
 * newest `--keep-revisions` of the family, used by no deployment of any observed service, and not
 * holding content a manifest renders now (the executor may reuse such a revision in this pass). Pure.
 */
import type { TaskDefinitionRevision } from '../../../cloud/ports/index.js'
import type { ActualState } from '../../actual.js'
import { ownershipOf, TAG_CONTENT_HASH } from '../../ownership.js'

export interface RetentionInput {
  readonly actual: ActualState
  readonly instance: string
  readonly keep: number
  /** Content hashes the manifests render now, by family. */
  readonly desiredHashes: ReadonlyMap<string, ReadonlySet<string>>
}

/**
 * Limit: "in use" is judged over the services this pass observed (those the manifests name and our
 * managed ones). A service of another instance or another tool that runs one of our revisions is
 * not seen; ECS keeps such a service running and scaling on an INACTIVE revision (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html),
 * but its next UpdateService to that revision would be refused.
 */
export function expiredRevisions({
  actual,
  instance,
  keep,
  desiredHashes,
}: RetentionInput): TaskDefinitionRevision[] {
  const inUse = new Set<string>()
  for (const { service } of actual.Service.services.values()) {
    inUse.add(service.taskDefinition)
    for (const d of service.deployments) inUse.add(d.taskDefinition)
  }
  return [...actual.TaskDefinitionRevision].flatMap(([family, revisions]) => {
    const ours = revisions
      .filter((r) => ownershipOf(r.tags, instance) === 'ours' && r.tags[TAG_CONTENT_HASH] !== undefined)
      .sort((a, b) => b.revision - a.revision)
    const wanted = desiredHashes.get(family)
    return ours
      .slice(keep)
      .filter((r) => !inUse.has(r.arn) && !wanted?.has(r.tags[TAG_CONTENT_HASH] ?? ''))
      .sort((a, b) => a.revision - b.revision)
  })
}

/** `family` and revision number of `arn:…:task-definition/family:7`, or undefined. */
export function parseRevisionArn(arn: string): { family: string; revision: number } | undefined {
  const [, family, revision] = /task-definition\/([^:/]+):(\d+)$/.exec(arn) ?? []
  return family && revision ? { family, revision: Number(revision) } : undefined
}
