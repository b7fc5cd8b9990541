/**
 * @module Where the status page draws each resource: one column per dependency wave, left to right. Pure.
 *
 * `layoutByWaves` refers to nothing outside this file's functions: the page's script carries their
 * source (`layoutByWavesSource`, from Function.prototype.toString) so that the browser lays out a
 * refreshed /status exactly as the server laid out the first one. Keep it that way: no imports, no
 * module-level values; a new helper goes into LAYOUT_PARTS.
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

/** Box sizes and gaps of the drawing, in pixels. */
interface LayoutSizes {
  readonly nodeWidth: number
  readonly nodeHeight: number
  readonly gapX: number
  readonly gapY: number
  readonly pad: number
}

type InputsById = ReadonlyMap<string, LayoutInput>

/** What `id` waits for, among the inputs. */
function knownDependencies(byId: InputsById, id: string): string[] {
  return (byId.get(id)?.dependsOn ?? []).filter((d) => d !== undefined && byId.has(d))
}

/**
 * Wave = 1 + the deepest wave among what it waits for. A cycle (never in a valid set) is cut
 * where it closes, so the layout always ends; `ids` is the order cycles are entered in.
 */
function wavesOf(byId: InputsById, ids: readonly string[]): Map<string, number> {
  const waveOf = new Map<string, number>()
  const visiting = new Set<string>()
  const waveFor = (id: string): number => {
    const done = waveOf.get(id)
    if (done !== undefined) return done
    if (visiting.has(id)) return 0
    visiting.add(id)
    let wave = 0
    for (const dep of knownDependencies(byId, id)) wave = Math.max(wave, waveFor(dep) + 1)
    visiting.delete(id)
    waveOf.set(id, wave)
    return wave
  }
  for (const id of ids) waveFor(id)
  return waveOf
}

/**
 * One column of ids per wave. Within a wave, resources sit near the average row of what they wait
 * for (fewer crossings), then by id.
 */
function columnsOf(
  byId: InputsById,
  ids: readonly string[],
  waveOf: ReadonlyMap<string, number>,
): string[][] {
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
      const rows = knownDependencies(byId, id).map((d) => rowOf.get(d) ?? 0)
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
  return columns
}

/** Each id's box: its column's x, its row's y. */
function placeNodes(columns: readonly (readonly string[])[], sizes: LayoutSizes): PlacedNode[] {
  const { nodeWidth, nodeHeight, gapX, gapY, pad } = sizes
  const nodes: PlacedNode[] = []
  columns.forEach((column, wave) =>
    column.forEach((id, row) => {
      nodes.push({ id, wave, x: pad + wave * (nodeWidth + gapX), y: pad + row * (nodeHeight + gapY) })
    }),
  )
  return nodes
}

/**
 * Only direct waits are drawn: a dependency also reached through another one adds no order, only
 * lines across the drawing (the page's table lists every dependency).
 */
function directEdges(byId: InputsById, nodes: readonly PlacedNode[], sizes: LayoutSizes): PlacedEdge[] {
  const { nodeWidth, nodeHeight, gapX } = sizes
  const at = new Map<string, PlacedNode>()
  for (const node of nodes) at.set(node.id, node)
  const ancestors = new Map<string, Set<string>>()
  const ancestorsOf = (id: string): Set<string> => {
    const done = ancestors.get(id)
    if (done) return done
    const out = new Set<string>()
    ancestors.set(id, out)
    for (const dep of knownDependencies(byId, id)) {
      out.add(dep)
      for (const a of ancestorsOf(dep)) out.add(a)
    }
    return out
  }
  const edges: PlacedEdge[] = []
  for (const node of nodes) {
    const deps = [...new Set(knownDependencies(byId, node.id))].filter((d) => d !== node.id).sort()
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
  return edges
}

export function layoutByWaves(inputs: readonly LayoutInput[]): GraphLayout {
  const sizes: LayoutSizes = { nodeWidth: 200, nodeHeight: 52, gapX: 44, gapY: 12, pad: 10 }
  const { nodeWidth, nodeHeight, gapX, gapY, pad } = sizes
  const byId = new Map<string, LayoutInput>()
  for (const input of inputs) byId.set(input.id, input)
  const ids = [...byId.keys()].sort()
  const columns = columnsOf(byId, ids, wavesOf(byId, ids))
  const nodes = placeNodes(columns, sizes)
  const tallest = columns.reduce((most, column) => Math.max(most, column.length), 0)
  return {
    width: pad * 2 + Math.max(1, columns.length) * nodeWidth + Math.max(0, columns.length - 1) * gapX,
    height: pad * 2 + Math.max(1, tallest) * nodeHeight + Math.max(0, tallest - 1) * gapY,
    nodeWidth,
    nodeHeight,
    nodes,
    edges: directEdges(byId, nodes, sizes),
  }
}

/** Every function `layoutByWaves` calls, and itself last. */
const LAYOUT_PARTS: readonly ((...args: never[]) => unknown)[] = [
  knownDependencies,
  wavesOf,
  columnsOf,
  placeNodes,
  directEdges,
  layoutByWaves,
]

/**
 * JavaScript source of an expression that evaluates to `layoutByWaves`, with no module scope
 * around it: what the page's script runs.
 */
export function layoutByWavesSource(): string {
  return `(() => {\n${LAYOUT_PARTS.map((f) => f.toString()).join('\n')}\nreturn layoutByWaves\n})()`
}
