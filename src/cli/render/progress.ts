/**
 * @module Live progress of an apply: on a TTY a block redrawn in place (per resource of the current
 * wave its rollout state, running/desired, pending, failed, elapsed; the wave's totals), otherwise
 * plain lines, one per change of state, so logs and CI stay readable.
 */
import type { ActionResult, ExecutionEvent, ResourceProgress } from '../../reconciler/execute/types.js'
import { paint } from './colour.js'
import { renderProgress } from './apply.js'
import { actionLabel } from './plan.js'

export interface ProgressSink {
  write(text: string): void
}

export interface ProgressViewOptions {
  /** Redraw a block in place (a terminal) or print lines (a pipe, a log, CI). */
  readonly tty: boolean
  readonly colour: boolean
  /** Lines the block may use (the terminal's height); more resources are summarised. */
  readonly rows?: number
}

interface Row {
  readonly label: string
  progress: ResourceProgress | undefined
  elapsedMs: number
  done: ActionResult['status'] | undefined
}

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

function progressText(p: ResourceProgress): string {
  return `${p.state} running ${p.running}/${p.desired}, pending ${p.pending}, failed ${p.failed}`
}

export class ProgressView {
  private wave: number | undefined
  private waveActions = 0
  private rows = new Map<string, Row>()
  private lastLine = new Map<string, string>()
  private drawn = 0

  constructor(
    private readonly out: ProgressSink,
    private readonly options: ProgressViewOptions,
  ) {}

  handle(event: ExecutionEvent): void {
    const permanent: string[] = []
    switch (event.type) {
      case 'wave-start':
        this.wave = event.wave
        this.waveActions = event.actions
        this.rows = new Map()
        permanent.push(renderProgress(event, this.options.colour) ?? '')
        break
      case 'action-start':
        break
      case 'progress': {
        const row = this.rows.get(event.id) ?? {
          label: actionLabel(event),
          progress: undefined,
          elapsedMs: 0,
          done: undefined,
        }
        row.progress = event.progress
        row.elapsedMs = event.elapsedMs
        this.rows.set(event.id, row)
        if (!this.options.tty) {
          const text = progressText(event.progress)
          if (this.lastLine.get(event.id) !== text) {
            this.lastLine.set(event.id, text)
            permanent.push(`  … ${row.label}: ${text} (${formatElapsed(event.elapsedMs)})`)
          }
        }
        break
      }
      case 'action-done': {
        const r = event.result
        const row = this.rows.get(r.id) ?? {
          label: actionLabel(r),
          progress: undefined,
          elapsedMs: 0,
          done: undefined,
        }
        row.done = r.status
        this.rows.set(r.id, row)
        permanent.push(renderProgress(event, this.options.colour) ?? '')
        break
      }
      case 'wave-done':
        permanent.push(this.waveTotals(event.results))
        break
    }
    if (this.options.tty) this.redraw(permanent, event.type === 'wave-done')
    else for (const line of permanent) this.out.write(`${line}\n`)
  }

  /** The block as it stands: one line per resource still in flight, then the wave's totals. */
  block(): string[] {
    if (this.wave === undefined) return []
    const rows = [...this.rows.values()]
    const active = rows.filter((r) => !r.done && r.progress)
    const limit = Math.max(1, (this.options.rows ?? 24) - 3)
    const shown = active.slice(0, limit)
    const width = Math.max(0, ...shown.map((r) => r.label.length))
    const lines = shown.map((r) => {
      const p = r.progress as ResourceProgress
      const state = paint(
        p.state.padEnd(11),
        p.state === 'FAILED' ? 'red' : p.state === 'COMPLETED' ? 'green' : 'yellow',
        this.options.colour,
      )
      return `    ${r.label.padEnd(width)}  ${state} ${String(p.running).padStart(3)}/${String(p.desired).padEnd(3)} pending ${p.pending}  failed ${p.failed}  ${formatElapsed(r.elapsedMs)}`
    })
    if (active.length > shown.length) lines.push(`    … and ${active.length - shown.length} more in progress`)
    lines.push(paint(`  wave ${this.wave}: ${this.totals(rows)}`, 'dim', this.options.colour))
    return lines
  }

  private totals(rows: readonly Row[]): string {
    const sum = (f: (p: ResourceProgress) => number): number =>
      rows.reduce((n, r) => n + (r.progress ? f(r.progress) : 0), 0)
    const done = rows.filter((r) => r.done).length
    return `${done}/${Math.max(this.waveActions, rows.length)} done, running ${sum((p) => p.running)}/${sum((p) => p.desired)}, pending ${sum((p) => p.pending)}, failed ${sum((p) => p.failed)}`
  }

  private waveTotals(results: readonly ActionResult[]): string {
    const n = (s: ActionResult['status']): number => results.filter((r) => r.status === s).length
    const rows = [...this.rows.values()]
    const tasks = rows.some((r) => r.progress)
      ? ` — ${this.totals(rows).split(', ').slice(1).join(', ')}`
      : ''
    const unknown = n('unknown') > 0 ? `, ${n('unknown')} unknown` : ''
    return paint(
      `wave ${this.wave ?? '?'} done: ${n('succeeded')} succeeded, ${n('failed')} failed, ${n('skipped')} skipped${unknown}${tasks}`,
      'bold',
      this.options.colour,
    )
  }

  private redraw(permanent: readonly string[], waveOver: boolean): void {
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A\x1b[J` : ''
    for (const line of permanent) text += `${line}\n`
    const block = waveOver ? [] : this.block()
    for (const line of block) text += `${line}\n`
    this.drawn = block.length
    if (text) this.out.write(text)
  }
}
