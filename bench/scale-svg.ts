/**
 * @module Draws the scale curve (scale-curve.ts) as an SVG: one panel per figure, services on a
 * log axis, the measured line solid and its floor dashed beside it.
 */
import type { ScaleRow } from './scale-curve.js'

interface Panel {
  readonly title: string
  readonly unit: string
  readonly measured: (r: ScaleRow) => number
  readonly floor: (r: ScaleRow) => number
}

const PANELS: readonly Panel[] = [
  {
    title: 'validate (wall)',
    unit: 's',
    measured: (r) => r.validate.wallMs / 1000,
    floor: (r) => r.validateFloor.wallMs / 1000,
  },
  {
    title: 'cold plan (wall)',
    unit: 's',
    measured: (r) => r.plan.wallMs / 1000,
    floor: (r) => r.planFloor.wallMs / 1000,
  },
  {
    title: 'apply from empty (wall)',
    unit: 's',
    measured: (r) => r.apply.wallMs / 1000,
    floor: (r) => r.applyFloor.wallMs / 1000,
  },
  {
    title: 'no-change resync (CPU)',
    unit: 's',
    measured: (r) => r.resync.cpuMs / 1000,
    floor: (r) => r.resyncFloor.cpuMs / 1000,
  },
  {
    title: 'daemon idle (RSS)',
    unit: 'MiB',
    measured: (r) => r.idle.rssMiB,
    floor: (r) => r.idleFloor.rssMiB,
  },
]

const WIDTH = 300
const HEIGHT = 220
const PAD = 40

function panelSvg(panel: Panel, rows: readonly ScaleRow[], x0: number): string {
  const xs = rows.map((r) => Math.log10(r.services))
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 0.1)]
  const yMax = Math.max(...rows.flatMap((r) => [panel.measured(r), panel.floor(r)]), 1e-9) * 1.1
  const px = (r: ScaleRow) => x0 + PAD + ((Math.log10(r.services) - xMin) / (xMax - xMin)) * (WIDTH - 2 * PAD)
  const py = (v: number) => HEIGHT - PAD + 10 - (v / yMax) * (HEIGHT - 2 * PAD)
  const line = (f: (r: ScaleRow) => number, style: string) =>
    `<polyline fill="none" ${style} points="${rows.map((r) => `${px(r).toFixed(1)},${py(f(r)).toFixed(1)}`).join(' ')}"/>` +
    rows
      .map((r) => `<circle cx="${px(r).toFixed(1)}" cy="${py(f(r)).toFixed(1)}" r="2.5" ${style}/>`)
      .join('')
  const labels = rows
    .map(
      (r) =>
        `<text x="${px(r).toFixed(1)}" y="${HEIGHT - 12}" font-size="9" text-anchor="middle">${r.services}</text>`,
    )
    .join('')
  return [
    `<text x="${x0 + WIDTH / 2}" y="16" font-size="12" text-anchor="middle">${panel.title}</text>`,
    `<text x="${x0 + 4}" y="${PAD - 6}" font-size="9">${yMax.toFixed(yMax < 10 ? 2 : 0)} ${panel.unit}</text>`,
    `<line x1="${x0 + PAD}" y1="${HEIGHT - PAD + 10}" x2="${x0 + WIDTH - PAD}" y2="${HEIGHT - PAD + 10}" stroke="gray"/>`,
    `<line x1="${x0 + PAD}" y1="${PAD - 0}" x2="${x0 + PAD}" y2="${HEIGHT - PAD + 10}" stroke="gray"/>`,
    line(panel.measured, 'stroke="#c0392b" stroke-width="2"'),
    line(panel.floor, 'stroke="#2471a3" stroke-width="2" stroke-dasharray="5,4"'),
    labels,
  ].join('\n')
}

/** The SVG text: a legend line (with the machine's load) and one panel per figure. */
export function scaleCurveSvg(rows: readonly ScaleRow[], caption: string): string {
  const width = WIDTH * PANELS.length
  const panels = PANELS.map((p, i) => panelSvg(p, rows, i * WIDTH)).join('\n')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT + 30}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panels}
<text x="8" y="${HEIGHT + 20}" font-size="11"><tspan fill="#c0392b">— measured</tspan>  <tspan fill="#2471a3">- - floor (same run)</tspan>  ${caption}</text>
</svg>
`
}
