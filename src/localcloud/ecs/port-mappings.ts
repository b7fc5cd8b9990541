/**
 * @module A container's port mappings as RegisterTaskDefinition checks and stores them
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html): in awsvpc mode
 * hostPort equals containerPort and protocol defaults to tcp; a containerPortRange is "FIRST-LAST"
 * within 1–65535 with FIRST < LAST, takes no hostPort (ECS sets the host ports), and a container has at
 * most 100 of them; ranges may not overlap, and a port is exposed once whatever the protocol.
 */
import { ecsErrors } from '../errors.js'
import type { Json } from '../state.js'

const MAX_RANGES = 100

function rangeOf(text: unknown, container: string): { first: number; last: number } {
  const m = typeof text === 'string' ? /^(\d{1,5})-(\d{1,5})$/.exec(text) : null
  const first = Number(m?.[1])
  const last = Number(m?.[2])
  if (!m || first < 1 || last > 65535 || first >= last) {
    throw ecsErrors.client(
      `Invalid 'containerPortRange' setting for container '${container}': expected FIRST-LAST with 1 <= FIRST < LAST <= 65535.`,
    )
  }
  return { first, last }
}

function checkRanges(mappings: readonly Json[], container: string): void {
  const spans = mappings.map((p) => {
    if (p['containerPortRange'] === undefined) {
      const port = Number(p['containerPort'])
      return Number.isInteger(port) ? { first: port, last: port } : undefined
    }
    if (p['hostPort'] !== undefined) {
      throw ecsErrors.client(
        `Invalid 'hostPort' setting for container '${container}': leave hostPort empty with a containerPortRange.`,
      )
    }
    return rangeOf(p['containerPortRange'], container)
  })
  if (mappings.filter((p) => p['containerPortRange'] !== undefined).length > MAX_RANGES) {
    throw ecsErrors.client(`Container '${container}' has more than ${MAX_RANGES} port ranges.`)
  }
  spans.forEach((a, i) => {
    for (const b of spans.slice(i + 1)) {
      if (a && b && a.first <= b.last && b.first <= a.last) {
        throw ecsErrors.client(
          `Container '${container}' exposes a port in more than one port mapping (overlapping port ranges, or one port for several protocols).`,
        )
      }
    }
  })
}

/** The mappings as ECS stores them, after refusing what it refuses. */
export function normalisePortMappings(raw: unknown, container: string): Json[] {
  const mappings = Array.isArray(raw) ? (raw as Json[]) : []
  checkRanges(mappings, container)
  return mappings.map((p) => ({
    ...p,
    ...(p['containerPortRange'] === undefined ? { hostPort: p['hostPort'] ?? p['containerPort'] } : {}),
    protocol: p['protocol'] ?? 'tcp',
  }))
}
