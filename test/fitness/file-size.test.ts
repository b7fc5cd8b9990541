/** No tracked file is over 1 MB: large generated data is split, and binaries stay out of the repository. */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, trackedFiles } from './tracked-files.js'

const LIMIT_BYTES = 1024 * 1024

describe('tracked file sizes', () => {
  it('no tracked file is over 1 MB', () => {
    const tooLarge = trackedFiles()
      .filter((path) => existsSync(join(ROOT, path)))
      .map((path) => ({ path, bytes: statSync(join(ROOT, path)).size }))
      .filter(({ bytes }) => bytes > LIMIT_BYTES)
    expect(tooLarge).toEqual([])
  })
})
