/** @module Asks a person at a terminal to confirm, Terraform-style: only `yes` goes ahead. */
import { createInterface } from 'node:readline/promises'

export async function confirm(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<boolean> {
  const rl = createInterface({ input, output })
  try {
    const answer = await rl.question(question)
    return answer.trim() === 'yes'
  } finally {
    rl.close()
  }
}

export interface ConfirmationContext {
  readonly stdinTTY: boolean
  readonly stdoutTTY: boolean
  readonly json: boolean
  /** Applying a saved plan: it was reviewed when it was made. */
  readonly savedPlan: boolean
  /** `--yes` / `--auto-approve`. */
  readonly approved: boolean
  readonly changes: number
}

/** Only a person at a terminal is asked; a pipe, CI or `--output json` never blocks. */
export function needsConfirmation(c: ConfirmationContext): boolean {
  return c.stdinTTY && c.stdoutTTY && !c.json && !c.savedPlan && !c.approved && c.changes > 0
}
