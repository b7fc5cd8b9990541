/**
 * @module The loader's limits (product contract: at least 8 MiB a file, 10,000 documents, 1M keys,
 * depth 64, 1,000 alias expansions): enough for a 10,000-service set, and each checked in time linear
 * in the input, so a hostile or runaway file gets a clear error instead of stalling the daemon.
 */

/** Documents in one file. */
export const MAX_DOCUMENTS_PER_FILE = 10_000
/** Mapping keys in one file, all documents together. */
export const MAX_KEYS_PER_FILE = 1_000_000
/** Nesting of mappings and lists in one document. */
export const MAX_DEPTH = 64
/**
 * Alias dereferences a full expansion of one document would make (an alias inside an anchored value
 * counts again each time that value is used): enough for real reuse, fatal to an alias bomb.
 */
export const MAX_ALIAS_EXPANSIONS = 1_000

/** A limit hit at a source offset: the loader turns it into an issue at file:line:col. */
export class LoadLimitError extends Error {
  constructor(
    readonly ruleId: string,
    message: string,
    readonly hint: string,
    readonly offset: number,
  ) {
    super(message)
  }
}
