/** The bad-input corpus: one folder per case, named `<rule id with - for />--<case>`, marker `# expect` on the reported line. */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const CORPUS_DIR = resolve(import.meta.dirname, '../fixtures/invalid')

/** Rules that report warnings: validation still passes. */
export const WARNING_RULES = new Set([
  'sc/proxy-headroom',
  'chaos/network-parallel',
  'autoscaling/desired-count',
])

export interface CorpusCase {
  readonly name: string
  readonly dir: string
  readonly rule: string
  readonly file: string
  readonly line: number
}

export function corpusCases(): CorpusCase[] {
  return readdirSync(CORPUS_DIR)
    .sort()
    .map((name) => {
      const dir = join(CORPUS_DIR, name)
      const [rulePart = ''] = name.split('--')
      const rule = rulePart.replace('-', '/')
      let file = ''
      let line = 1
      for (const f of readdirSync(dir).sort()) {
        const lines = readFileSync(join(dir, f), 'latin1').split('\n')
        const at = lines.findIndex((l) => l.includes('# expect'))
        if (at >= 0) {
          file = f
          // A marker inside an unterminated string would be swallowed by it, so it may point at the next line.
          line = lines[at]?.includes('# expect (next line)') ? at + 2 : at + 1
        }
      }
      if (!file) file = readdirSync(dir).sort()[0] ?? ''
      return { name, dir, rule, file, line }
    })
}
