/**
 * @module A parsed YAML document to plain values in one pass over its nodes, linear in its size:
 * duplicate keys found with a set per mapping (the YAML library's own check compares every key with
 * every earlier one), keys counted per file, nesting depth bounded, and each alias priced at the
 * expansions its value holds, so an alias bomb is refused before anything is copied. An alias
 * shares its anchor's value, as the YAML library's toJS does.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type Node, type Pair, type YAMLMap } from 'yaml'
import { LoadLimitError, MAX_ALIAS_EXPANSIONS, MAX_DEPTH } from './limits.js'

/** A problem that leaves the document unloaded but does not stop the walk: every duplicate is listed. */
export interface NodeProblem {
  readonly ruleId: string
  readonly message: string
  readonly hint: string
  readonly offset: number
}

/** Counted across the documents of one file. */
export interface FileCounters {
  keys: number
  /** MAX_KEYS_PER_FILE, smaller in tests. */
  readonly maxKeys: number
}

interface Anchored {
  readonly value: unknown
  /** Alias expansions inside the anchored value: each use of the alias costs one more than this. */
  readonly expansions: number
}

const IN_PROGRESS = Symbol('in progress')

/** The document's plain value and the problems found; throws LoadLimitError past a limit. */
export function toPlain(
  contents: unknown,
  counters: FileCounters,
): { value: unknown; problems: NodeProblem[] } {
  const walker = new PlainWalker(counters)
  const value = walker.value(contents, 0)
  return { value, problems: walker.problems }
}

const offsetOf = (node: unknown): number => (node as Node | null)?.range?.[0] ?? 0

class PlainWalker {
  readonly problems: NodeProblem[] = []
  private readonly anchors = new Map<string, Anchored | typeof IN_PROGRESS>()
  private expansions = 0

  constructor(private readonly counters: FileCounters) {}

  value(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null
    if (isAlias(node)) return this.alias(node)
    const anchor = (node as Node).anchor
    if (!anchor) return this.plain(node, depth)
    this.anchors.set(anchor, IN_PROGRESS)
    const before = this.expansions
    const value = this.plain(node, depth)
    this.anchors.set(anchor, { value, expansions: this.expansions - before })
    return value
  }

  private plain(node: unknown, depth: number): unknown {
    if (isScalar(node)) return node.value
    if (depth >= MAX_DEPTH) {
      throw new LoadLimitError(
        'yaml/too-deep',
        `YAML nests deeper than ${MAX_DEPTH} levels here`,
        'a manifest never nests this deep: look for runaway brackets or indentation',
        offsetOf(node),
      )
    }
    if (isMap(node)) return this.map(node, depth + 1)
    if (isSeq(node)) {
      return node.items.map((item) =>
        isPair(item) ? this.pairs([item], depth + 1) : this.value(item, depth + 1),
      )
    }
    return null
  }

  private map(node: YAMLMap, depth: number): Record<string, unknown> {
    return this.pairs(node.items, depth)
  }

  private pairs(items: readonly Pair[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const pair of items) {
      if (++this.counters.keys > this.counters.maxKeys) {
        throw new LoadLimitError(
          'yaml/too-many-keys',
          `file has more than ${this.counters.maxKeys.toLocaleString('en')} keys`,
          'split the file; a 10,000-service set needs far fewer',
          offsetOf(pair.key),
        )
      }
      const key = this.key(pair.key)
      if (key === undefined) continue
      if (Object.hasOwn(out, key)) {
        this.problems.push({
          ruleId: 'yaml/duplicate-key',
          message: `duplicate key "${key}": map keys must be unique`,
          hint: 'remove or rename one of the keys; the later one would silently win elsewhere',
          offset: offsetOf(pair.key),
        })
        continue
      }
      const value = this.value(pair.value, depth)
      // A `__proto__` key is data, not the object's prototype.
      if (key === '__proto__') {
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
      } else out[key] = value
    }
    return out
  }

  /** A key as the JSON object key it becomes; a mapping or list as a key is refused. */
  private key(node: unknown): string | undefined {
    if (node === null || node === undefined) return ''
    if (isScalar(node)) {
      const value: unknown = node.value
      if (value === null) return ''
      // Core-schema scalars are strings, numbers and booleans; anything else keys by its JSON.
      if (typeof value === 'string') return value
      return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : JSON.stringify(value)
    }
    this.problems.push({
      ruleId: 'yaml/complex-key',
      message: 'a key must be a plain value, not a mapping, list or alias',
      hint: 'write the key as a string',
      offset: offsetOf(node),
    })
    return undefined
  }

  private alias(node: Alias): unknown {
    const target = this.anchors.get(node.source)
    if (target === undefined || target === IN_PROGRESS) {
      throw new LoadLimitError(
        'yaml/alias-limit',
        target === undefined
          ? `alias *${node.source} names no anchor before it`
          : `alias *${node.source} is inside the value it names: it would expand forever`,
        'define the anchor (&name) before the alias, outside the value that uses it',
        offsetOf(node),
      )
    }
    this.expansions += 1 + target.expansions
    if (this.expansions > MAX_ALIAS_EXPANSIONS) {
      throw new LoadLimitError(
        'yaml/alias-limit',
        `YAML aliases expand more than ${MAX_ALIAS_EXPANSIONS} times in this document (limit ${MAX_ALIAS_EXPANSIONS}): this looks like an alias bomb`,
        'write the values out, or reuse fewer anchors',
        offsetOf(node),
      )
    }
    return target.value
  }
}
