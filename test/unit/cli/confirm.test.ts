/** `apply` asks a person at a terminal, and never blocks anything else (docs/cli.md). */
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { confirm, needsConfirmation } from '../../../src/cli/confirm.js'

const AT_TERMINAL = {
  stdinTTY: true,
  stdoutTTY: true,
  json: false,
  savedPlan: false,
  approved: false,
  changes: 3,
}

describe('needsConfirmation', () => {
  it('asks only at a terminal, with changes, without --yes, for a fresh plan, in text', () => {
    expect(needsConfirmation(AT_TERMINAL)).toBe(true)
    expect(needsConfirmation({ ...AT_TERMINAL, stdinTTY: false })).toBe(false)
    expect(needsConfirmation({ ...AT_TERMINAL, stdoutTTY: false })).toBe(false)
    expect(needsConfirmation({ ...AT_TERMINAL, json: true })).toBe(false)
    expect(needsConfirmation({ ...AT_TERMINAL, approved: true })).toBe(false)
    expect(needsConfirmation({ ...AT_TERMINAL, savedPlan: true })).toBe(false)
    expect(needsConfirmation({ ...AT_TERMINAL, changes: 0 })).toBe(false)
  })
})

describe('confirm', () => {
  const answer = async (text: string): Promise<boolean> => {
    const input = new PassThrough()
    const output = new PassThrough()
    const asked = confirm('apply? ', input, output)
    input.write(text)
    return asked
  }
  it('goes ahead on exactly "yes"', async () => {
    expect(await answer('yes\n')).toBe(true)
    expect(await answer('  yes \n')).toBe(true)
  })
  it('anything else cancels', async () => {
    expect(await answer('y\n')).toBe(false)
    expect(await answer('no\n')).toBe(false)
    expect(await answer('\n')).toBe(false)
  })
})

describe('confirm never hangs', () => {
  it('end of input answers no', async () => {
    const input = new PassThrough()
    const asked = confirm('apply? ', input, new PassThrough())
    input.end()
    expect(await asked).toBe(false)
  })
})
