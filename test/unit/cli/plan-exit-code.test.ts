/** `plan`'s exit code (docs/cli.md), as a pure function of what the pass found. */
import { describe, expect, it } from 'vitest'
import { planExitCode } from '../../../src/cli/commands/plan.js'

describe('planExitCode', () => {
  const clean = {
    unknown: false,
    incomplete: false,
    verifyFailed: false,
    detailedExitcode: false,
    changes: 0,
  }
  it.each([
    ['no changes', {}, 0],
    ['changes without --detailed-exitcode', { changes: 3 }, 0],
    ['changes with --detailed-exitcode', { changes: 3, detailedExitcode: true }, 2],
    ['no changes with --detailed-exitcode', { detailedExitcode: true }, 0],
    ['a resource whose state could not be read', { unknown: true, changes: 3, detailedExitcode: true }, 1],
    ['an unreadable manifest', { incomplete: true }, 1],
    ['a failed check', { verifyFailed: true, changes: 1, detailedExitcode: true }, 1],
  ] as const)('%s → %d', (_name, outcome, code) => {
    expect(planExitCode({ ...clean, ...outcome })).toBe(code)
  })
})
