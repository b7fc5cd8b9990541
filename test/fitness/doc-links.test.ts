/** Every relative link in the README and in docs/ points at a file or folder the repository has. */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, trackedFiles } from './tracked-files.js'

const LINK = /\]\(([^)\s#]+)(?:#[^)]*)?\)/g

function brokenLinksIn(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8')
  return [...text.matchAll(LINK)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target))
    .filter((target) => !existsSync(join(ROOT, dirname(path), target)))
    .map((target) => `${path} → ${target}`)
}

describe('documentation links', () => {
  it('the README and docs/*.md link only to paths that exist', () => {
    const pages = trackedFiles().filter((path) => path === 'README.md' || /^docs\/.*\.md$/.test(path))
    expect(pages).toContain('README.md')
    expect(pages.flatMap(brokenLinksIn)).toEqual([])
  })
})
