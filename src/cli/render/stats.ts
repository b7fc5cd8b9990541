/** @module Renders API call counts for `--stats`. */
import type { CallStats } from '../../cloud/ports/index.js'

export function renderStats(stats: CallStats): string {
  const snapshot = stats.snapshot()
  const lines = Object.keys(snapshot)
    .sort()
    .map((op) => {
      const outcomes = snapshot[op] ?? {}
      return `  ${op.padEnd(44)} ${Object.entries(outcomes).map(([k, v]) => `${k}=${v}`).join(' ')}`
    })
  return [`API calls: ${stats.total()}`, ...lines].join('\n')
}
