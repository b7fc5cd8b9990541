/** @module Renders API attempts and retries for `--stats`. */
import type { CallStats } from '../../cloud/ports/index.js'

export function renderStats(stats: CallStats): string {
  const snapshot = stats.snapshot()
  const retries = stats.retries()
  const lines = Object.keys(snapshot)
    .sort()
    .map((op) => {
      const outcomes = snapshot[op] ?? {}
      const codes = Object.entries(outcomes)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
      return `  ${op.padEnd(44)} ${codes}${retries[op] ? ` (retries=${retries[op]})` : ''}`
    })
  // Attempts include retries: what AWS saw and throttles against.
  return [`API calls: ${stats.total()} attempts, ${stats.totalRetries()} retries`, ...lines].join('\n')
}
