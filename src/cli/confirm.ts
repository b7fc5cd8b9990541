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
