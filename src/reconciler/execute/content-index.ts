/**
 * @module Which rendered task-definition contents already have a revision of ours, read once per
 * pass for every register the plan may make: one GetResources per 20 content hashes
 * (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html, 20
 * values per tag key), instead of listing each family before its register. A content with no revision
 * of ours is registered straight away; one that has one is looked up in its family as before, which
 * also checks the revision is still ACTIVE (deregistered revisions keep their tags).
 */
import type { TaggingReader } from '../../cloud/ports/index.js'
import { TAG_CONTENT_HASH, TAG_MANAGED_BY } from '../ownership.js'

export class ContentIndex {
  private read: Promise<ReadonlySet<string> | undefined> | undefined

  /** `hashes`: the contents the pass may register; `instance`: whose revisions count as ours. */
  constructor(
    private readonly tagging: TaggingReader,
    private readonly instance: string | undefined,
    private readonly hashes: readonly string[],
  ) {}

  /**
   * False only when the pass's read found no revision of ours with this content; true when it found
   * one, when the content was not in the read, or when the read failed (then each register looks in
   * its family, as without the index).
   */
  async mayHaveRevision(hash: string): Promise<boolean> {
    if (this.instance === undefined || !this.hashes.includes(hash)) return true
    const found = await (this.read ??= this.readOnce(this.instance))
    return found === undefined || found.has(hash)
  }

  private async readOnce(instance: string): Promise<ReadonlySet<string> | undefined> {
    try {
      const tagged = await this.tagging.findTagged(TAG_MANAGED_BY, instance, ['ecs:task-definition'], {
        key: TAG_CONTENT_HASH,
        values: this.hashes,
      })
      return new Set(tagged.flatMap((r) => r.tags[TAG_CONTENT_HASH] ?? []))
    } catch {
      return undefined
    }
  }
}
