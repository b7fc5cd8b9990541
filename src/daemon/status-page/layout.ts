/**
 * @module Where the status page draws each resource: one column per dependency wave, left to right. Pure.
 *
 * `layoutByWaves` refers to nothing outside itself: the page's script carries its source
 * (Function.prototype.toString) so that the browser lays out a refreshed /status exactly as the
 * server laid out the first one. Keep it that way: no imports, no module-level helpers.
 */

export interface LayoutInput {
  readonly id: string
  /** Ids it waits for; ids not among the inputs are ignored. */
  readonly dependsOn: readonly string[]
}

export interface PlacedNode {
  readonly id: string
  readonly wave: number
  readonly x: number
  readonly y: number
}

export interface PlacedEdge {
  /** The resource waited for (drawn on the left). */
  readonly from: string
  /** The resource that waits (drawn on the right). */
  readonly to: string
  readonly path: string
}

export interface GraphLayout {
  readonly width: number
  readonly height: number
  readonly nodeWidth: number
  readonly nodeHeight: number
  readonly nodes: readonly PlacedNode[]
  readonly edges: readonly PlacedEdge[]
}

export function layoutByWaves(inputs: readonly LayoutInput[]): GraphLayout {
  const nodeWidth = 200
  const nodeHeight = 52
  const gapX = 44
  const gapY = 12
  const pad = 10
  const byId = new Map<string, LayoutInput>()
  for (const input of inputs) byId.set(input.id, input)
  const known = (ids: readonly string[]): string[] => ids.filter((d) => d !== undefined && byId.has(d))

  // Wave = 1 + the deepest wave among what it waits for. A cycle (never in a valid set) is cut
  // where it closes, so the layout always ends.
  const waveOf = new Map<string, number>()
  const visiting = new Set<string>()
  const waveFor = (id: string): number => {
    const done = waveOf.get(id)
    if (done !== undefined) return done
    if (visiting.has(id)) return 0
    visiting.add(id)
    let wave = 0
    for (const dep of known(byId.get(id)?.dependsOn ?? [])) wave = Math.max(wave, waveFor(dep) + 1)
    visiting.delete(id)
    waveOf.set(id, wave)
    return wave
  }
  const ids = [...byId.keys()].sort()
  for (const id of ids) waveFor(id)

  // Within a wave, resources sit near the average row of what they wait for (fewer crossings), then by id.
  const columns: string[][] = []
  for (const id of ids) {
    const wave = waveOf.get(id) ?? 0
    while (columns.length <= wave) columns.push([])
    columns[wave]?.push(id)
  }
  const rowOf = new Map<string, number>()
  columns.forEach((column, wave) => {
    const weight = new Map<string, number>()
    for (const id of column) {
      const rows = known(byId.get(id)?.dependsOn ?? []).map((d) => rowOf.get(d) ?? 0)
      weight.set(
        id,
        wave === 0 || rows.length === 0
          ? Number.POSITIVE_INFINITY
          : rows.reduce((a, b) => a + b, 0) / rows.length,
      )
    }
    column.sort((a, b) => {
      const wa = weight.get(a) ?? 0
      const wb = weight.get(b) ?? 0
      return wa === wb ? (a < b ? -1 : a > b ? 1 : 0) : wa < wb ? -1 : 1
    })
    column.forEach((id, row) => rowOf.set(id, row))
  })

  const nodes: PlacedNode[] = []
  const at = new Map<string, PlacedNode>()
  columns.forEach((column, wave) =>
    column.forEach((id, row) => {
      const node = { id, wave, x: pad + wave * (nodeWidth + gapX), y: pad + row * (nodeHeight + gapY) }
      nodes.push(node)
      at.set(id, node)
    }),
  )
  // Only direct waits are drawn: a dependency also reached through another one adds no order, only
  // lines across the drawing (the page's table lists every dependency).
  const ancestors = new Map<string, Set<string>>()
  const ancestorsOf = (id: string): Set<string> => {
    const done = ancestors.get(id)
    if (done) return done
    const out = new Set<string>()
    ancestors.set(id, out)
    for (const dep of known(byId.get(id)?.dependsOn ?? [])) {
      out.add(dep)
      for (const a of ancestorsOf(dep)) out.add(a)
    }
    return out
  }
  const edges: PlacedEdge[] = []
  for (const node of nodes) {
    const deps = [...new Set(known(byId.get(node.id)?.dependsOn ?? []))].filter((d) => d !== node.id).sort()
    for (const dep of deps) {
      const from = at.get(dep)
      if (!from || deps.some((other) => other !== dep && ancestorsOf(other).has(dep))) continue
      const x1 = from.x + nodeWidth
      const y1 = from.y + nodeHeight / 2
      const x2 = node.x
      const y2 = node.y + nodeHeight / 2
      const bend = Math.max(gapX / 2, (x2 - x1) / 2)
      edges.push({
        from: dep,
        to: node.id,
        path: `M${x1} ${y1} C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}`,
      })
    }
  }
  const tallest = columns.reduce((most, column) => Math.max(most, column.length), 0)
  return {
    width: pad * 2 + Math.max(1, columns.length) * nodeWidth + Math.max(0, columns.length - 1) * gapX,
    height: pad * 2 + Math.max(1, tallest) * nodeHeight + Math.max(0, tallest - 1) * gapY,
    nodeWidth,
    nodeHeight,
    nodes,
    edges,
  }
}
