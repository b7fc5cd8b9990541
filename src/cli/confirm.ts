/** @module Asks a person at a terminal to confirm, Terraform-style: only `yes` goes ahead. */
import { createInterface } from 'node:readline'

/** Ctrl-C (the terminal is in raw mode while asking) and end of input both answer "no", never hang. */
export function confirm(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output })
    let answered = false
    const finish = (yes: boolean): void => {
      if (answered) return
      answered = true
      rl.close()
      resolve(yes)
    }
    rl.on('SIGINT', () => {
      output.write('\n')
      finish(false)
    })
    rl.on('close', () => finish(false))
    rl.question(question, (answer) => finish(answer.trim() === 'yes'))
  })
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
