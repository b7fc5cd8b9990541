/** The files Git tracks, read from the index, so the fitness tests see what a fresh clone holds. */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')

/** Paths relative to the repository root, of files tracked by Git (committed or staged). */
export function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  return out.split('\0').filter((path) => path !== '')
}
