import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { benchOutputDir } from '../../../bench/output-dir.js'

describe('benchmark output folder', () => {
  it('is a git-ignored scratch folder by default, so a trial run leaves the recorded results alone', () => {
    expect(benchOutputDir('/repo', [], {})).toEqual({
      dir: join('/repo', 'bench', '.scratch'),
      recording: false,
    })
    expect(benchOutputDir('/repo', [], { BENCH_RECORD: '0' }).recording).toBe(false)
  })

  it('is bench/results/ when asked to record (npm run bench -- --record, or BENCH_RECORD=1)', () => {
    expect(benchOutputDir('/repo', ['--record'], {})).toEqual({
      dir: join('/repo', 'bench', 'results'),
      recording: true,
    })
    expect(benchOutputDir('/repo', [], { BENCH_RECORD: '1' }).dir).toBe(join('/repo', 'bench', 'results'))
  })
})
