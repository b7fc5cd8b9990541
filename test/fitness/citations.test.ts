/**
 * The repository stands alone: code, tests and docs cite an AWS documentation page (URL) or an
 * in-repo `docs/` file, never a document that only exists outside the repository (a facts file, the
 * design notes, an issue tracker's numbers), which a reader of a clone cannot open.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, trackedFiles } from './tracked-files.js'

const SCANNED = /^(src|test|bench|scripts|docs|\.ci)\/|^README\.md$/
const THIS_FILE = relative(ROOT, import.meta.filename)

/** Each pattern names a kind of outside citation; built from parts so this file does not match itself. */
export const OUTSIDE_CITATIONS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: 'the AWS facts file', pattern: new RegExp(['aws', 'facts'].join('-'), 'i') },
  { what: 'the product contract', pattern: new RegExp(['product', 'md'].join('\\.')) },
  { what: 'the shared design notes', pattern: /\/work\/shared|\.\.\/shared\/(?:design|reference)\b/ },
  { what: 'an issue number', pattern: /\bissues? \d+\b/i },
  { what: 'an issue reference', pattern: /(?<![\w&/])#\d{1,4}\b(?![0-9a-f])/i },
]

interface Citation {
  readonly at: string
  readonly what: string
  readonly text: string
}

function citationsIn(path: string): Citation[] {
  const lines = readFileSync(join(ROOT, path), 'utf8').split('\n')
  return lines.flatMap((line, index) =>
    OUTSIDE_CITATIONS.filter(({ pattern }) => pattern.test(line)).map(({ what }) => ({
      at: `${path}:${index + 1}`,
      what,
      text: line.trim().slice(0, 160),
    })),
  )
}

describe('citations', () => {
  it('the patterns catch what they are meant to, and leave colours, entities and URLs alone', () => {
    const caught = (text: string) =>
      OUTSIDE_CITATIONS.filter(({ pattern }) => pattern.test(text)).map((c) => c.what)
    expect(caught('see the facts (aws' + '-facts §3.2)')).toEqual(['the AWS facts file'])
    expect(caught('(product' + '.md §2)')).toEqual(['the product contract'])
    expect(caught('from ../shared/design/architecture.md')).toEqual(['the shared design notes'])
    expect(caught('built for issue 14 item 3')).toEqual(['an issue number'])
    expect(caught('fixed in #12.')).toEqual(['an issue reference'])
    expect(caught("import { x } from '../shared/errors.js'")).toEqual([])
    expect(caught('color: #212830; border: #f85149; &#39;')).toEqual([])
    expect(caught('https://github.com/aws/aws-cdk/issues/25616 and aws/containers-roadmap#938')).toEqual([])
  })

  it('no tracked source, test, benchmark, script or doc cites a document outside the repository', () => {
    const found = trackedFiles()
      .filter((path) => SCANNED.test(path) && path !== THIS_FILE && !/\.(png|jpg|gz|whl)$/.test(path))
      .flatMap(citationsIn)
    expect(found).toEqual([])
  })
})
