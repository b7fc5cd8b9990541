/**
 * @module Per-file results of parsing and schema checks, kept across daemon passes and keyed by
 * content: an unchanged file is not parsed again. Cross-file rules always run on the whole set.
 */
import { createHash } from 'node:crypto'
import { checkFileSteps, type FileCheck } from './check-file.js'
import type { KnownTexts, ManifestFile } from './load/read-files.js'
import { runSteps, type Steps } from './load/steps.js'

interface Entry {
  readonly hash: string
  readonly defaultCluster: string
  readonly result: FileCheck
}

export interface CacheStats {
  /** Files parsed and schema-checked since the cache was made. */
  readonly parsed: number
  /** Files whose previous result was reused. */
  readonly reused: number
}

/** The whole-set result of the last load and what it was made from (each file's result, by identity). */
interface LastLoad<R> {
  readonly fileResults: readonly FileCheck[]
  readonly key: string
  readonly result: R
}

export class ManifestCache {
  private readonly entries = new Map<string, Entry>()
  private lastLoad: LastLoad<unknown> | undefined
  /** The files' texts by stat stamp: an unchanged file is not even read again. */
  readonly texts: KnownTexts = new Map()
  private parsed = 0
  private reused = 0

  /** The file's parse and schema result: from the cache when its path and content are unchanged. */
  check(file: ManifestFile, defaultCluster: string): FileCheck {
    return runSteps(this.checkSteps(file, defaultCluster))
  }

  /** The same, yielding while a changed file is checked (see load/steps.ts). */
  *checkSteps(file: ManifestFile, defaultCluster: string): Steps<FileCheck> {
    const hash = createHash('sha256').update(file.text).digest('hex')
    const entry = this.entries.get(file.file)
    if (entry && entry.hash === hash && entry.defaultCluster === defaultCluster) {
      this.reused++
      return entry.result
    }
    this.parsed++
    const result = yield* checkFileSteps(file, defaultCluster)
    this.entries.set(file.file, { hash, defaultCluster, result })
    return result
  }

  /** Forgets every file not in `files` (deleted or renamed), so the cache holds one load's worth. */
  retain(files: Iterable<string>): void {
    const keep = new Set(files)
    for (const file of [...this.entries.keys()]) if (!keep.has(file)) this.entries.delete(file)
  }

  /**
   * The previous load's whole result when every file's result is the very one it was made from (so no
   * file changed) and `key` (the file list and what else the cross-file rules see) is the same: the
   * rules that need the whole set are pure, so they would find the same again.
   */
  sameLoad<R>(fileResults: readonly FileCheck[], key: string): R | undefined {
    const last = this.lastLoad
    if (!last || last.key !== key || last.fileResults.length !== fileResults.length) return undefined
    return last.fileResults.every((r, i) => r === fileResults[i]) ? (last.result as R) : undefined
  }

  rememberLoad<R>(fileResults: readonly FileCheck[], key: string, result: R): R {
    this.lastLoad = { fileResults, key, result }
    return result
  }

  stats(): CacheStats {
    return { parsed: this.parsed, reused: this.reused }
  }

  get size(): number {
    return this.entries.size
  }
}
