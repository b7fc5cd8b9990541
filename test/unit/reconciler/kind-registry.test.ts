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

  it('the generic stages contain no kind switch', () => {
    // Stages: observe, plan, prune, execute, the pass, and the daemon. Kinds live under src/reconciler/kinds.
    const stages = sourceFiles(SRC).filter((f) => {
      const path = relative(SRC, f)
      return (
        (path.startsWith('reconciler') && !path.startsWith('reconciler/kinds')) ||
        path.startsWith('daemon') ||
        path.startsWith('cli/render/plan')
      )
    })
    expect(stages.length).toBeGreaterThan(5)
    const kindLiteral = new RegExp(`['"\`](${RECONCILED_KINDS.join('|')})['"\`]`)
    const offending = stages.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(SRC, f)}:${i + 1}` }))
        .filter(
          ({ line }) =>
            kindLiteral.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//'),
        )
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    )
    expect(offending).toEqual([])
  })
})
