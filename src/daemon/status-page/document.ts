/**
 * @module The status page served at `/`: the server-rendered HTML document, its stylesheet, and
 * the small script that re-renders it from /status every few seconds (no reload, no build step,
 * no library). The Content-Security-Policy allows exactly this script and stylesheet, by hash.
 */
import { createHash } from 'node:crypto'
import { layoutByWaves, layoutByWavesSource } from './layout.js'
import { statusPageRenderer, statusPageRendererSource, type StatusView } from './render.js'

/** How often the page fetches /status. */
export const REFRESH_MS = 2000

const renderer = statusPageRenderer(layoutByWaves)

// The browser runs the same functions the server runs, from their compiled source.
const SCRIPT = `"use strict";
(() => {
  const renderer = (${statusPageRendererSource()})(${layoutByWavesSource()});
  const main = document.getElementById('status-page');
  const note = document.getElementById('refresh-state');
  let shown = main.innerHTML;
  const refresh = async () => {
    try {
      const res = await fetch('status', { cache: 'no-store', headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const html = renderer.body(await res.json());
      if (html !== shown) { main.innerHTML = html; shown = html; }
      note.textContent = 'Live: last refreshed from /status at ' + new Date().toLocaleTimeString() + '.';
      note.className = 'live';
      document.body.dataset.refreshedAt = String(Date.now());
    } catch (err) {
      note.textContent = 'Could not refresh from /status (' + (err && err.message ? err.message : String(err)) + '); showing the last state fetched. Retrying.';
      note.className = 'stale';
    } finally {
      setTimeout(refresh, ${REFRESH_MS});
    }
  };
  setTimeout(refresh, ${REFRESH_MS});
})();
`
// Inside <script>, "</script" or "<!--" in the compiled source would end or confuse the element.
if (/<\/script|<!--/i.test(SCRIPT)) {
  throw new Error('status page script contains </script or <!--; rewrite that line of render.ts or layout.ts')
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #57606a; --line: #d0d7de; --box: #f6f8fa;
  --good: #1a7f37; --good-bg: #dafbe1; --busy: #0550ae; --busy-bg: #ddf4ff; --warn: #9a6700; --warn-bg: #fff8c5;
  --bad: #cf222e; --bad-bg: #ffebe9; --cold: #6639ba; --cold-bg: #fbefff; --quiet: #57606a; --quiet-bg: #eaeef2; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --box: #151b23;
  --good: #3fb950; --good-bg: #12261e; --busy: #58a6ff; --busy-bg: #0c2d6b; --warn: #d29922; --warn-bg: #2e2a14;
  --bad: #f85149; --bad-bg: #3c1618; --cold: #bc8cff; --cold-bg: #271c3a; --quiet: #9198a1; --quiet-bg: #212830; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; } .sub, .hint, .empty, .facts { color: var(--muted); }
code { font: 12px/1.3 ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--box); }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 1rem; border: 1px solid currentColor; font-size: 12px; font-weight: 600; white-space: nowrap; }
.counts { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; } .count { font-weight: 600; }
.tone-good { color: var(--good); background: var(--good-bg); } .tone-busy { color: var(--busy); background: var(--busy-bg); }
.tone-warn { color: var(--warn); background: var(--warn-bg); } .tone-bad { color: var(--bad); background: var(--bad-bg); }
.tone-cold { color: var(--cold); background: var(--cold-bg); } .tone-quiet { color: var(--quiet); background: var(--quiet-bg); }
.graph-box { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--box); }
svg.graph text { font: 12px system-ui, sans-serif; fill: var(--fg); } svg.graph text.kind { fill: currentColor; font-weight: 600; }
svg.graph text.now { fill: var(--muted); font-size: 11px; }
svg.graph .node rect { fill: var(--bg); stroke: currentColor; stroke-width: 2; }
svg.graph .node.tone-bad rect, svg.graph .node.tone-warn rect { stroke-width: 3; }
svg.graph .node { background: none; } svg.graph .edge { fill: none; stroke: var(--muted); stroke-width: 1.3; }
svg.graph marker path { fill: var(--muted); }
#refresh-state { font-size: 12px; color: var(--muted); } #refresh-state.stale, .warn-text { color: var(--bad); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/** Sent with the page: only our own script and stylesheet run, and the script may fetch only from this daemon. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  // The page has no images; `data:` is for its empty icon, so that browsers do not ask for /favicon.ico.
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The whole page for one /status snapshot; `renderedAt` is when the server rendered it (ISO). */
export function renderStatusPage(status: StatusView, renderedAt: string): string {
  const at = renderedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ecs-reconciler status</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>ecs-reconciler status</h1>
<p id="refresh-state" role="status">Rendered by the daemon at ${at}; refreshes itself from <a href="status">/status</a> every ${REFRESH_MS / 1000} s.</p>
<noscript><p>Scripts are off: this page shows the state when it was loaded. Reload it to see the current state, or read <a href="status">/status</a>.</p></noscript>
</header>
<main id="status-page">
${renderer.body(status)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`
}
