/** Every motoGap declared in the suite is listed in docs/conformance.md, with its moto source. */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const DIR = import.meta.dirname
const DOC = readFileSync(resolve(DIR, '../../docs/conformance.md'), 'utf8')
// The formatter may break the call over lines and add a trailing comma.
const GAP = /motoGap\(\s*'([^']+)',\s*'([^']+)',?\s*\)/g

it('docs/conformance.md lists every declared moto gap and where moto shows it', () => {
  const gaps = readdirSync(DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .flatMap((f) =>
      [...readFileSync(join(DIR, f), 'utf8').matchAll(GAP)].map((m) => ({ reason: m[1]!, source: m[2]! })),
    )
  expect(gaps.length).toBeGreaterThan(0)
  // The doc cites each gap by moto file and line (e.g. `moto/ecs/models.py:1681`).
  const missing = gaps.filter((g) => {
    const cite = /(moto\/[\w/]+\.py):(\d+)/.exec(g.source)
    return !cite || !DOC.includes(`${cite[1]}:${cite[2]}`)
  })
  expect(missing).toEqual([])
  expect(DOC).toContain('moto[server]==5.2.5')
})
