/**
 * @module The status page's content as HTML, from the /status JSON. Pure: same JSON, same HTML.
 *
 * The server renders it for the first response; the page's script renders it again from each
 * /status it fetches. So `statusPageRenderer` refers to nothing outside itself (the script carries
 * its source via Function.prototype.toString) and takes the layout function as its one argument.
 * Everything from /status is text from users or AWS (resource names, errors, event messages) and is
 * escaped; class names are picked from fixed lists, never copied from the JSON.
 */
import type { GraphLayout, LayoutInput } from './layout.js'

/** The parts of /status the page shows; every field may be missing (older daemons, followers). */
export interface StatusView {
  readonly instance?: string
  readonly source?: string
  readonly region?: string
  readonly dryRun?: boolean
  readonly startedAt?: string
  readonly role?: string
  readonly leader?: string | null
  /** With `run --shards`. */
  readonly shards?: {
    readonly count?: number
    readonly replicas?: number
    readonly owned?: readonly number[]
  }
  readonly ready?: boolean
  readonly passInProgress?: {
    readonly id?: string
    readonly since?: string
    readonly wave?: number | null
    readonly resources?: readonly {
      readonly id?: string
      readonly action?: string
      readonly wave?: number
      readonly phase?: string
      readonly state?: string
      readonly running?: number
      readonly desired?: number
      readonly failed?: number
    }[]
  } | null
  readonly lastPass?: PassView | null
  readonly passes?: readonly PassView[]
  readonly nextResyncAt?: string | null
  readonly manifests?: {
    readonly valid?: boolean
    readonly revision?: string | null
    readonly files?: number
    readonly reconciling?: string
    readonly issues?: readonly {
      readonly file?: string
      readonly line?: number
      readonly col?: number
      readonly severity?: string
      readonly message?: string
      readonly rule?: string
    }[]
  } | null
  readonly resources?: readonly ResourceView[]
  readonly drift?: readonly {
    readonly passId?: string | null
    readonly resource?: string
    readonly kind?: string
    readonly at?: string
  }[]
  readonly chaos?: unknown
}

export interface PassView {
  readonly id?: string
  readonly triggers?: readonly string[]
  readonly startedAt?: string
  readonly finishedAt?: string
  readonly outcome?: string
  readonly changes?: number
  readonly error?: string
}

export interface ResourceView {
  readonly id?: string
  readonly kind?: string
  readonly status?: string
  readonly lastAction?: string
  readonly error?: string
  /** A rollback's hold: revision, who, since when. */
  readonly hold?: string
  readonly at?: string
  readonly attempts?: number
  readonly retryAt?: string
  readonly dependsOn?: readonly string[]
}

export interface ChaosView {
  readonly name?: string
  readonly schedule?: string
  readonly timezone?: string
  readonly suspended?: boolean
  readonly target?: string
  readonly nextRun?: { readonly utc?: string; readonly local?: string } | null
  readonly running?: number
  readonly heldBy?: { readonly slot?: string; readonly guardrail?: string; readonly reason?: string } | null
  readonly error?: string | null
  readonly runs?: readonly {
    readonly slot?: string
    readonly outcome?: string
    readonly at?: string
    readonly endedAt?: string
    readonly guardrail?: string
    readonly reason?: string
    readonly experimentId?: string
  }[]
}

export interface StatusPageRenderer {
  /** The inside of `<main id="status-page">`. */
  body(status: StatusView): string
}

/**
 * The renderer, given the layout function. It and every function below it refer to nothing else of
 * the module: the page's script is their source (`statusPageScriptSource`), run in the browser.
 */
export function statusPageRenderer(
  layout: (inputs: readonly LayoutInput[]) => GraphLayout,
): StatusPageRenderer {
  return {
    body(status: StatusView): string {
      const s: StatusView = status && typeof status === 'object' ? status : {}
      const nodes = nodesOf(s)
      return [
        header(s),
        summary(nodes, s),
        inProgress(s),
        graph(nodes, layout),
        resources(nodes, s),
        passes(s),
        drift(s),
        chaos(s),
        manifests(s),
      ].join('\n')
    },
  }
}

/** A status word's colour class; a word not listed is quiet (the word is still shown as text). */
function toneOf(word: string): string {
  const KNOWN = [
    'synced',
    'progressing',
    'failed',
    'backoff',
    'frozen',
    'blocked',
    'planned',
    'skipped',
    'deleting',
    'success',
    'failure',
    'invalid_manifests',
    'completed',
    'started',
    'stopped',
    'missed',
    'preempted-by-deployment',
    'running',
    'succeeded',
  ]
  const TONE: Record<string, string> = {
    synced: 'good',
    success: 'good',
    completed: 'good',
    succeeded: 'good',
    progressing: 'busy',
    started: 'busy',
    running: 'busy',
    planned: 'quiet',
    skipped: 'quiet',
    missed: 'quiet',
    failed: 'bad',
    failure: 'bad',
    invalid_manifests: 'bad',
    stopped: 'warn',
    'preempted-by-deployment': 'warn',
    backoff: 'warn',
    frozen: 'cold',
    // Held by a failed verify check: nothing was started, and the next pass checks again.
    blocked: 'bad',
  }
  return KNOWN.includes(word) ? (TONE[word] ?? 'quiet') : 'quiet'
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : ''
}
function esc(value: unknown): string {
  return text(value).replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  )
}
function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : []
}
function badge(word: unknown): string {
  const w = text(word) || 'unknown'
  return `<span class="badge tone-${toneOf(w)}">${esc(w.replace(/_/g, ' '))}</span>`
}
function when(iso: unknown): string {
  const t = text(iso)
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(t)
  return m ? `<time datetime="${esc(t)}">${esc(`${m[1]} ${m[2]}`)}</time>` : esc(t || '–')
}
function duration(from: unknown, to: unknown): string {
  const ms = Date.parse(text(to)) - Date.parse(text(from))
  if (!Number.isFinite(ms) || ms < 0) return '–'
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}
function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}
function section(id: string, title: string, inner: string): string {
  return `<section aria-labelledby="${id}"><h2 id="${id}">${esc(title)}</h2>${inner}</section>`
}
function table(caption: string, head: readonly string[], rows: readonly string[][], empty: string): string {
  return rows.length === 0
    ? `<p class="empty">${esc(empty)}</p>`
    : `<table><caption class="sr-only">${esc(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
}

interface Node {
  readonly id: string
  readonly kind: string
  readonly status: string
  readonly dependsOn: readonly string[]
  readonly now: string
}

/** Resources of the last pass, plus those the pass in progress is working on for the first time. */
function nodesOf(status: StatusView): Node[] {
  const progress = new Map<
    string,
    { action?: string; phase?: string; state?: string; running?: number; desired?: number }
  >()
  for (const p of list<{
    id?: string
    action?: string
    phase?: string
    state?: string
    running?: number
    desired?: number
  }>(status.passInProgress?.resources)) {
    if (p && typeof p.id === 'string') progress.set(p.id, p)
  }
  const nowOf = (id: string): string => {
    const p = progress.get(id)
    if (!p || p.phase !== 'running') return ''
    const counts =
      typeof p.running === 'number' && typeof p.desired === 'number'
        ? ` ${p.running}/${p.desired} running`
        : ''
    return `now: ${text(p.action)}${counts}`
  }
  const nodes = new Map<string, Node>()
  for (const r of list<ResourceView>(status.resources)) {
    if (!r || typeof r.id !== 'string') continue
    nodes.set(r.id, {
      id: r.id,
      kind: text(r.kind),
      status: text(r.status) || 'unknown',
      dependsOn: list<string>(r.dependsOn).filter((d) => typeof d === 'string'),
      now: nowOf(r.id),
    })
  }
  for (const [id, p] of progress) {
    if (nodes.has(id)) continue
    const phase = text(p.phase)
    nodes.set(id, {
      id,
      kind: id.split('/')[0] ?? '',
      status: phase === 'running' ? 'progressing' : phase === 'succeeded' ? 'synced' : phase || 'unknown',
      dependsOn: [],
      now: nowOf(id),
    })
  }
  return [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

function header(s: StatusView): string {
  const facts: string[] = []
  if (s.instance) facts.push(`instance <strong>${esc(s.instance)}</strong>`)
  if (s.region) facts.push(`region <strong>${esc(s.region)}</strong>`)
  if (s.source) facts.push(`source <strong>${esc(s.source)}</strong>`)
  if (s.role) {
    facts.push(
      `role <strong>${esc(s.role)}</strong>${s.role !== 'leader' && s.leader ? ` (leader: ${esc(s.leader)})` : ''}`,
    )
  }
  if (s.shards) {
    facts.push(
      `shards <strong>${s.shards.owned?.length ? esc(s.shards.owned.join(', ')) : 'none'}</strong> of ${esc(String(s.shards.count ?? '?'))} (${esc(String(s.shards.replicas ?? '?'))} replicas)`,
    )
  }
  facts.push(s.ready ? 'ready' : 'not ready yet (first pass not finished)')
  if (s.dryRun) facts.push('<strong>dry run</strong>: nothing is changed')
  if (s.nextResyncAt) facts.push(`next resync ${when(s.nextResyncAt)}`)
  return `<p class="facts">${facts.join(' · ')}</p>`
}

function summary(nodes: readonly Node[], s: StatusView): string {
  const counts = new Map<string, number>()
  for (const n of nodes) counts.set(n.status, (counts.get(n.status) ?? 0) + 1)
  if (counts.size === 0 && s.role === 'follower') {
    return `<p class="empty">No resources here: this replica follows and runs no pass; the leader${s.leader ? ` (${esc(s.leader)})` : ''} reconciles, and its page shows them.</p>`
  }
  if (counts.size === 0) return '<p class="empty">No resources yet: the first pass has not finished.</p>'
  return `<ul class="counts">${[...counts]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([st, n]) => `<li>${badge(st)} <span class="count">${n}</span></li>`)
    .join('')}</ul>`
}

function inProgress(s: StatusView): string {
  const p = s.passInProgress
  if (!p) return ''
  const rows = list<{
    id?: string
    action?: string
    wave?: number
    phase?: string
    state?: string
    running?: number
    desired?: number
    failed?: number
  }>(p.resources).map((r) => [
    esc(r.id),
    esc(r.action),
    esc(typeof r.wave === 'number' ? r.wave : ''),
    badge(r.phase),
    esc(
      [
        text(r.state),
        typeof r.running === 'number' && typeof r.desired === 'number'
          ? `${r.running}/${r.desired} running`
          : '',
        r.failed ? `${r.failed} failed` : '',
      ]
        .filter(Boolean)
        .join(', '),
    ),
  ])
  const wave = typeof p.wave === 'number' ? `, wave ${p.wave}` : ''
  return section(
    'h-now',
    'Pass in progress',
    `<p>Pass <code>${esc(p.id)}</code> since ${when(p.since)}${esc(wave)}.</p>${table('Resources being worked on', ['Resource', 'Action', 'Wave', 'Phase', 'Rollout'], rows, 'Reading live state and planning.')}`,
  )
}

function graph(nodes: readonly Node[], layout: (inputs: readonly LayoutInput[]) => GraphLayout): string {
  if (nodes.length === 0) {
    return section('h-graph', 'Dependency graph', '<p class="empty">Nothing to draw yet.</p>')
  }
  const placed = layout(nodes.map((n) => ({ id: n.id, dependsOn: n.dependsOn })))
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const w = placed.nodeWidth
  const h = placed.nodeHeight
  const edges = placed.edges
    .map(
      (e) =>
        `<path class="edge" d="${esc(e.path)}" marker-end="url(#arrow)"><title>${esc(`${e.to} waits for ${e.from}`)}</title></path>`,
    )
    .join('')
  const boxes = placed.nodes
    .map((p) => {
      const n = byId.get(p.id)
      if (!n) return ''
      const tone = toneOf(n.status)
      const name = n.id.split('/').slice(1).join('/') || n.id
      return (
        `<g class="node tone-${tone}" transform="translate(${p.x} ${p.y})" data-id="${esc(n.id)}" data-status="${esc(n.status)}">` +
        `<title>${esc(`${n.id}: ${n.status}${n.now ? ` (${n.now})` : ''}`)}</title>` +
        `<rect width="${w}" height="${h}" rx="6"></rect>` +
        `<text x="9" y="17" class="kind">${esc(clip(n.kind, 14))} · ${esc(clip(n.status.replace(/_/g, ' '), 12))}</text>` +
        `<text x="9" y="32" class="name">${esc(clip(name, 27))}</text>` +
        `<text x="9" y="46" class="now">${esc(clip(n.now, 30))}</text>` +
        `</g>`
      )
    })
    .join('')
  const svg =
    `<svg class="graph" role="img" aria-labelledby="graph-title" viewBox="0 0 ${placed.width} ${placed.height}" width="${placed.width}" height="${placed.height}">` +
    `<title id="graph-title">${esc(`${nodes.length} resources in ${new Set(placed.nodes.map((p) => p.wave)).size} waves; each arrow goes from a resource to one that waits for it`)}</title>` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"></path></marker></defs>` +
    `${edges}${boxes}</svg>`
  return section(
    'h-graph',
    'Dependency graph',
    `<p class="hint">Columns are dependency waves, applied left to right; an arrow points at the resource that waits (direct waits only; the table below lists them all).</p><div class="graph-box">${svg}</div>`,
  )
}

function resources(nodes: readonly Node[], s: StatusView): string {
  const full = new Map(
    list<ResourceView>(s.resources)
      .filter((r) => r && typeof r.id === 'string')
      .map((r) => [r.id as string, r]),
  )
  const rows = nodes.map((n) => {
    const r = full.get(n.id)
    const note = [
      text(r?.error ?? r?.hold),
      r?.retryAt
        ? `retry at ${text(r.retryAt)
            .replace('T', ' ')
            .replace(/\.\d+Z$/, 'Z')}`
        : '',
      typeof r?.attempts === 'number' ? `attempt ${r.attempts}` : '',
      n.now,
    ]
      .filter(Boolean)
      .join('; ')
    return [
      `<code>${esc(n.id)}</code>`,
      badge(n.status),
      esc(r?.lastAction ?? ''),
      when(r?.at),
      esc(n.dependsOn.join(', ')),
      esc(note),
    ]
  })
  return section(
    'h-resources',
    'Resources',
    table(
      'Resources and their last reconcile',
      ['Resource', 'Status', 'Last action', 'At', 'Waits for', 'Notes'],
      rows,
      'No resources yet.',
    ),
  )
}

function manifests(s: StatusView): string {
  const m = s.manifests
  if (!m) return section('h-manifests', 'Manifests', '<p class="empty">Not loaded yet.</p>')
  const state = m.valid
    ? '<span class="badge tone-good">valid</span>'
    : '<span class="badge tone-bad">invalid</span>'
  const what =
    m.reconciling === 'last-valid'
      ? ' Reconciling the last valid set; nothing is pruned.'
      : m.reconciling === 'none'
        ? ' No valid set yet: nothing is reconciled.'
        : ''
  const issues = list<{
    file?: string
    line?: number
    col?: number
    severity?: string
    message?: string
    rule?: string
  }>(m.issues).map((i) => [
    esc(`${text(i.file)}:${text(i.line)}:${text(i.col)}`),
    esc(i.severity),
    esc(i.message),
    esc(i.rule),
  ])
  return section(
    'h-manifests',
    'Manifests',
    `<p>${state} ${esc(m.files ?? 0)} file(s)${m.revision ? `, revision <code>${esc(m.revision)}</code>` : ''}.${esc(what)}</p>${issues.length > 0 ? table('Manifest problems', ['Where', 'Severity', 'Problem', 'Rule'], issues, '') : ''}`,
  )
}

function passes(s: StatusView): string {
  const all = list<PassView>(s.passes)
  const shown = all.length > 0 ? all : s.lastPass ? [s.lastPass] : []
  const rows = shown.map((p) => [
    when(p.finishedAt),
    esc(duration(p.startedAt, p.finishedAt)),
    esc(list<string>(p.triggers).join(', ')),
    badge(p.outcome),
    esc(p.changes ?? 0),
    esc(p.error ?? ''),
    `<code>${esc(p.id)}</code>`,
  ])
  return section(
    'h-passes',
    'Passes',
    table(
      'Recent passes, newest first',
      ['Finished', 'Took', 'Triggered by', 'Outcome', 'Changes', 'Error', 'Pass'],
      rows,
      'No pass has finished yet.',
    ),
  )
}

function drift(s: StatusView): string {
  const rows = list<{ passId?: string | null; resource?: string; kind?: string; at?: string }>(s.drift).map(
    (d) => [when(d.at), `<code>${esc(d.resource)}</code>`, `<code>${esc(d.passId ?? '')}</code>`],
  )
  return section(
    'h-drift',
    'Drift found',
    table(
      'Changes made outside the manifests, newest first',
      ['Found', 'Resource', 'Pass'],
      rows,
      'None found since the daemon started.',
    ),
  )
}

function chaos(s: StatusView): string {
  const schedules = list<ChaosView>(s.chaos)
  if (schedules.length === 0) {
    return section('h-chaos', 'Chaos schedules', '<p class="empty">No chaos schedules.</p>')
  }
  const parts = schedules.map((c) => {
    const next = c.suspended
      ? 'suspended'
      : c.nextRun
        ? `next run ${when(c.nextRun.utc)} UTC${c.nextRun.local ? ` (${esc(c.nextRun.local)} ${esc(c.timezone)})` : ''}`
        : 'no next run'
    const held = c.heldBy
      ? `<p class="hint">Held back (${esc(c.heldBy.guardrail)}): ${esc(c.heldBy.reason)}</p>`
      : ''
    const error = c.error ? `<p class="warn-text">Error: ${esc(c.error)}</p>` : ''
    const runs = list<{
      slot?: string
      outcome?: string
      at?: string
      endedAt?: string
      guardrail?: string
      reason?: string
      experimentId?: string
    }>(c.runs).map((r) => [
      esc(r.slot),
      badge(r.outcome),
      when(r.at),
      esc(duration(r.at, r.endedAt)),
      esc(
        [
          r.guardrail ? `guardrail ${r.guardrail}` : '',
          text(r.reason),
          r.experimentId ? `experiment ${r.experimentId}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      ),
    ])
    return (
      `<h3>${esc(c.name)} <span class="sub">→ ${esc(c.target)}</span></h3>` +
      `<p><code>${esc(c.schedule)}</code> · ${next} · ${esc(c.running ?? 0)} running</p>${held}${error}` +
      table(`Last runs of ${text(c.name)}`, ['Slot', 'Outcome', 'At', 'Took', 'Notes'], runs, 'No runs yet.')
    )
  })
  return section('h-chaos', 'Chaos schedules', parts.join(''))
}

/** Every function the renderer calls, in the order the page script declares them. */
const RENDERER_PARTS: readonly ((...args: never[]) => unknown)[] = [
  toneOf,
  text,
  esc,
  list,
  badge,
  when,
  duration,
  clip,
  section,
  table,
  nodesOf,
  header,
  summary,
  inProgress,
  graph,
  resources,
  manifests,
  passes,
  drift,
  chaos,
  statusPageRenderer,
]

/**
 * JavaScript source of an expression that evaluates to `statusPageRenderer`, with no module scope
 * around it: what the page's script runs.
 */
export function statusPageRendererSource(): string {
  return `(() => {\n${RENDERER_PARTS.map((f) => f.toString()).join('\n')}\nreturn statusPageRenderer\n})()`
}
