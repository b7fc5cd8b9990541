/** Folder boundaries from architecture.md, checked on the import statements of every source file. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : []
  })
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? '')
}

/** Top-level folder of src a relative import lands in. */
function folderOf(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined
  const target = relative(SRC, resolve(dirname(fromFile), spec))
  return target.split(/[\\/]/)[0]
}

const files = sourceFiles(SRC)

describe('folder boundaries', () => {
  it('src/localcloud imports nothing outside itself but the AWS model, and never the AWS SDK', () => {
    const allowed = new Set(['localcloud', 'aws-model'])
    const offending = files
      .filter((f) => relative(SRC, f).startsWith('localcloud'))
      .flatMap((f) =>
        importsOf(f)
          .filter(
            (spec) =>
              spec.startsWith('@aws-sdk/') || (spec.startsWith('.') && !allowed.has(folderOf(f, spec) ?? '')),
          )
          .map((spec) => `${relative(SRC, f)} → ${spec}`),
      )
    expect(offending).toEqual([])
  })

  it('src/aws-model is a leaf: it imports nothing of ours and no package', () => {
    const offending = files
      .filter((f) => relative(SRC, f).startsWith('aws-model'))
      .flatMap((f) =>
        importsOf(f)
          .filter((spec) => !spec.startsWith('.') || folderOf(f, spec) !== 'aws-model')
          .map((spec) => `${relative(SRC, f)} → ${spec}`),
      )
    expect(offending).toEqual([])
  })

  it('only src/cloud imports the AWS SDK', () => {
    const offending = files
      .filter((f) => !relative(SRC, f).startsWith('cloud'))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => s.startsWith('@aws-sdk/'))
          .map((s) => `${relative(SRC, f)} → ${s}`),
      )
    expect(offending).toEqual([])
  })

  it('pure folders do no I/O (no fs, net, http, child_process, timers of their own)', () => {
    const pure = [
      'graph',
      'manifest/rules',
      'reconciler/plan',
      'reconciler/diff',
      'reconciler/kinds',
      'cost',
      'chaos',
      'aws-model',
      'verify/rules',
    ]
    const io = /^(node:)?(fs|fs\/promises|net|http|https|child_process|timers|timers\/promises)$/
    const offending = files
      .filter((f) => pure.some((p) => relative(SRC, f).startsWith(p)))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => io.test(s))
          .map((s) => `${relative(SRC, f)} → ${s}`),
      )
    expect(offending).toEqual([])
  })

  it('the reconciler core never imports the daemon, the CLI or the local cloud', () => {
    const lower = [
      'shared',
      'graph',
      'manifest',
      'cloud',
      'reconciler',
      'chaos',
      'cost',
      'telemetry',
      'verify',
    ]
    const offending = files
      .filter((f) => lower.includes(relative(SRC, f).split(/[\\/]/)[0] ?? ''))
      .flatMap((f) =>
        importsOf(f)
          .filter((s) => ['daemon', 'cli', 'localcloud'].includes(folderOf(f, s) ?? ''))
          .map((s) => `${relative(SRC, f)} → ${s}`),
      )
    expect(offending).toEqual([])
  })

  it('no import circle in src/: the import graph has no strongly connected component of two or more files', () => {
    const circles = importCircles(files).map((scc) =>
      scc
        .map((f) => relative(SRC, f))
        .sort()
        .join(' ↔ '),
    )
    expect(circles).toEqual([])
  })
})

/** The file a relative import names, when it is one of `known`. */
function importedFile(fromFile: string, spec: string, known: ReadonlySet<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined
  const target = resolve(dirname(fromFile), spec).replace(/\.js$/, '.ts')
  return known.has(target) ? target : undefined
}

/** Tarjan's strongly connected components of the import graph, keeping those of two or more files. */
function importCircles(sources: readonly string[]): string[][] {
  const known = new Set(sources)
  const edges = new Map(
    sources.map((f) => [f, importsOf(f).flatMap((spec) => importedFile(f, spec, known) ?? [])]),
  )
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string): void => {
    index.set(node, index.size)
    low.set(node, index.get(node) ?? 0)
    stack.push(node)
    onStack.add(node)
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0))
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top)
      component.push(top)
      if (top === node) break
    }
    if (component.length > 1) found.push(component)
  }
  for (const file of sources) if (!index.has(file)) visit(file)
  return found
}
