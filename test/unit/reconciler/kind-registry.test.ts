/** The kind registry: every reconciled kind (manifest or live-only) has one complete handler, and the stages never switch on a kind. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildManifestSet } from '../../../src/manifest/model.js'
import { KINDS, LIVE_ONLY_KINDS, RECONCILED_KINDS } from '../../../src/manifest/schema/index.js'
import { KIND_HANDLERS, handlerFor } from '../../../src/reconciler/kinds/registry.js'

const SRC = resolve(import.meta.dirname, '../../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : []
  })
}

const KIND_NAMES = RECONCILED_KINDS.join('|')
const KIND_LITERAL = new RegExp(`['"\`](${KIND_NAMES})['"\`]`)
const KIND_LITERALS = new RegExp(`['"\`](${KIND_NAMES})['"\`]`, 'g')
const KIND_CASE = new RegExp(`\\bcase\\s+['"\`](${KIND_NAMES})['"\`]`)
/** A line of a multi-line list: only a kind name and a comma. */
const KIND_LIST_ITEM = new RegExp(`^\\s*['"\`](${KIND_NAMES})['"\`],?\\s*$`)
/**
 * Where kind names belong: the kinds' folders, the manifest schemas, and the two folders that speak
 * AWS's own names (the generated AWS model and the local cloud, whose shapes are called Service and Cluster).
 */
const OWN_KIND_NAMES = ['reconciler/kinds/', 'manifest/schema/', 'aws-model/generated/', 'localcloud/']

/** Code lines (not comments) of `files` that `test` flags, as `path:line: text`. */
function linesMatching(files: readonly string[], test: (line: string) => boolean): string[] {
  return files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, at: `${relative(SRC, f)}:${i + 1}` }))
      .filter(({ line }) => !line.trim().startsWith('*') && !line.trim().startsWith('//') && test(line))
      .map(({ at, line }) => `${at}: ${line.trim()}`),
  )
}

describe('kind registry', () => {
  it('registers exactly one handler per reconciled kind: every manifest kind, then the live-only ones', () => {
    expect(KIND_HANDLERS.map((h) => h.kind)).toEqual([...RECONCILED_KINDS])
    for (const kind of RECONCILED_KINDS) expect(handlerFor(kind).kind).toBe(kind)
    for (const kind of KINDS) expect(RECONCILED_KINDS).toContain(kind)
  })

  it.each([...LIVE_ONLY_KINDS])(
    'live-only kind %s is never desired and only retires what is ours',
    (kind) => {
      const handler = handlerFor(kind)
      // No manifest declares it (no schema, not in KINDS), so the planner never creates one on its own.
      expect(KINDS as readonly string[]).not.toContain(kind)
      expect(handler.desired(buildManifestSet([], 'default'))).toEqual([])
      expect(typeof handler.retention, 'retention').toBe('function')
      expect(typeof handler.execute.delete, 'execute.delete').toBe('function')
    },
  )

  it.each(KIND_HANDLERS.map((h) => [h.kind, h] as const))(
    '%s has every part a stage needs',
    (_kind, handler) => {
      const required = ['label', 'desired', 'clusterOf', 'observe', 'compare', 'replaceReason'] as const
      for (const part of required) expect(typeof handler[part], part).toBe('function')
      for (const part of ['create', 'update', 'tags'] as const) {
        expect(typeof handler.execute[part], `execute.${part}`).toBe('function')
      }
      // A kind that offers prune candidates must be able to delete them.
      if (handler.candidates) {
        expect(typeof handler.execute.delete, 'execute.delete (it has prune candidates)').toBe('function')
      }
      if (handler.retention) {
        expect(typeof handler.execute.delete, 'execute.delete (it retires resources)').toBe('function')
      }
    },
  )

  it('the generic stages name no kind', () => {
    // Stages: observe, plan, prune, execute, the pass, the daemon, and what reads every kind's actions
    // or documents (plan and cost rendering, freezes, the document checks). Kinds live under kinds/.
    const stages = sourceFiles(SRC).filter((f) => {
      const path = relative(SRC, f)
      return (
        (path.startsWith('reconciler') && !path.startsWith('reconciler/kinds')) ||
        path.startsWith('daemon') ||
        [
          'cli/render/plan',
          'cli/render/cost',
          'chaos/freeze',
          'manifest/check-documents',
          'manifest/unloaded',
        ].some((stage) => path.startsWith(stage))
      )
    })
    expect(stages.length).toBeGreaterThan(5)
    expect(linesMatching(stages, (line) => KIND_LITERAL.test(line))).toEqual([])
  })

  it('no source outside kinds/ and schema/ lists kinds or switches on them', () => {
    // A feature of one kind may name it (a verify rule about services); a list of kinds or a
    // `case` per kind is what adding a kind would have to edit, and belongs to the registry.
    const outside = sourceFiles(SRC).filter(
      (f) => !OWN_KIND_NAMES.some((own) => relative(SRC, f).startsWith(own)),
    )
    expect(outside.length).toBeGreaterThan(100)
    const kinds = (line: string) => new Set([...line.matchAll(KIND_LITERALS)].map((m) => m[1]))
    const listsOrSwitches = (line: string): boolean =>
      kinds(line).size > 1 || KIND_CASE.test(line) || KIND_LIST_ITEM.test(line)
    expect(linesMatching(outside, listsOrSwitches)).toEqual([])
  })
})
