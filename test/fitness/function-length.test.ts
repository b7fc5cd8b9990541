/**
 * No function in src/ is over 60 lines: a long function mixes decisions with orchestration, and the
 * decisions are what deserve a table test. Measured with the TypeScript compiler's own parser, from
 * the function's first line to its last (nested functions count inside their parent too).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT, trackedFiles } from './tracked-files.js'

const MAX_LINES = 60

/**
 * Functions over the limit when the limit came in, each with its length then as a ceiling it may
 * not grow past. Every one has since been split: the list is empty, and an entry is never added.
 */
const KNOWN_LONG: Readonly<Record<string, number>> = {}

interface FunctionLength {
  readonly id: string
  readonly at: string
  readonly lines: number
}

function nameOf(node: ts.SignatureDeclaration, file: ts.SourceFile): string {
  const named = node.name ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined)
  const property = ts.isPropertyAssignment(node.parent) ? node.parent.name : undefined
  return (named ?? property)?.getText(file) ?? '(callback)'
}

/** Every function with a body in `path`, named by its enclosing named functions (`outer/inner`). */
export function functionLengths(path: string, text: string): FunctionLength[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true)
  const found: FunctionLength[] = []
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line
  const visit = (node: ts.Node, scope: string): void => {
    let inner = scope
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      inner = scope ? `${scope}/${nameOf(node, file)}` : nameOf(node, file)
      const first = lineOf(node.getStart(file))
      found.push({ id: `${path}#${inner}`, at: `${path}:${first + 1}`, lines: lineOf(node.end) - first + 1 })
    }
    ts.forEachChild(node, (child) => visit(child, inner))
  }
  visit(file, '')
  return found
}

describe('function length', () => {
  const all = trackedFiles()
    .filter((path) => path.startsWith('src/') && path.endsWith('.ts'))
    .flatMap((path) => functionLengths(path, readFileSync(join(ROOT, path), 'utf8')))

  it('measures what it should: a function, an arrow in a const, a method, a callback', () => {
    const body = (n: number) => Array.from({ length: n }, () => '  x()').join('\n')
    const text = [
      `function outer() {\n${body(3)}\n  run(() => {\n${body(2)}\n  })\n}`,
      `const arrow = () => {\n${body(1)}\n}`,
      `class C {\n  method() {\n${body(4)}\n  }\n}`,
    ].join('\n')
    expect(functionLengths('x.ts', text).map(({ id, lines }) => [id, lines])).toEqual([
      ['x.ts#outer', 9],
      ['x.ts#outer/(callback)', 4],
      ['x.ts#arrow', 3],
      ['x.ts#method', 6],
    ])
  })

  it(`no function in src/ is over ${MAX_LINES} lines, and none of the known long ones grew`, () => {
    const tooLong = all
      .filter(({ id, lines }) => lines > Math.max(MAX_LINES, KNOWN_LONG[id] ?? 0))
      .map(({ at, id, lines }) => `${at} ${id}: ${lines} lines`)
    expect(tooLong).toEqual([])
  })

  it('the known long list names only functions that are still over the limit', () => {
    const stillLong = new Set(all.filter(({ lines }) => lines > MAX_LINES).map(({ id }) => id))
    expect(Object.keys(KNOWN_LONG).filter((id) => !stillLong.has(id))).toEqual([])
  })
})
