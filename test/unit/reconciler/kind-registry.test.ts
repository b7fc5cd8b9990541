/** The kind registry: every manifest kind has one complete handler, and the stages never switch on a kind. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KINDS } from '../../../src/manifest/schema/index.js'
import { KIND_HANDLERS, handlerFor } from '../../../src/reconciler/kinds/registry.js'

const SRC = resolve(import.meta.dirname, '../../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : []
  })
}

describe('kind registry', () => {
  it('registers exactly one handler per manifest kind', () => {
    expect(KIND_HANDLERS.map((h) => h.kind).sort()).toEqual([...KINDS].sort())
    for (const kind of KINDS) expect(handlerFor(kind).kind).toBe(kind)
  })

  it.each(KIND_HANDLERS.map((h) => [h.kind, h] as const))('%s has every part a stage needs', (_kind, handler) => {
    const required = ['label', 'desired', 'clusterOf', 'observe', 'compare', 'replaceReason'] as const
    for (const part of required) expect(typeof handler[part], part).toBe('function')
    for (const part of ['create', 'update', 'tags'] as const) expect(typeof handler.execute[part], `execute.${part}`).toBe('function')
    // A kind that offers prune candidates must be able to delete them.
    if (handler.candidates) expect(typeof handler.execute.delete, 'execute.delete (it has prune candidates)').toBe('function')
  })

  it('the generic stages contain no kind switch', () => {
    // Stages: observe, plan, prune, execute, the pass, and the daemon. Kinds live under src/reconciler/kinds.
    const stages = sourceFiles(SRC).filter((f) => {
      const path = relative(SRC, f)
      return (path.startsWith('reconciler') && !path.startsWith('reconciler/kinds')) || path.startsWith('daemon') || path.startsWith('cli/render/plan')
    })
    expect(stages.length).toBeGreaterThan(5)
    const kindLiteral = new RegExp(`['"\`](${KINDS.join('|')})['"\`]`)
    const offending = stages.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(SRC, f)}:${i + 1}` }))
        .filter(({ line }) => kindLiteral.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//'))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    )
    expect(offending).toEqual([])
  })
})
