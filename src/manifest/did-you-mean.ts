/** @module Suggests the closest known name for a misspelled one. */

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0] ?? 0
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] ?? 0
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      prev[j] = Math.min(above + 1, (prev[j - 1] ?? 0) + 1, diagonal + cost)
      diagonal = above
    }
  }
  return prev[b.length] ?? 0
}

/** The candidate nearest to `name`, if it is close enough to be a likely typo. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase()
  let best: { candidate: string; distance: number } | undefined
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (!best || distance < best.distance) best = { candidate, distance }
  }
  if (!best) return undefined
  const allowed = Math.max(2, Math.floor(best.candidate.length / 3))
  return best.distance <= allowed ? best.candidate : undefined
}
