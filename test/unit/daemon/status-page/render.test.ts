/** The status page's HTML is a pure function of the /status JSON: what it shows, and that nothing from the JSON becomes markup. */
import { createHash } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { STATUS_PAGE_CSP, renderStatusPage } from '../../../../src/daemon/status-page/document.js'
import { layoutByWaves, layoutByWavesSource } from '../../../../src/daemon/status-page/layout.js'
import {
  statusPageRenderer,
  statusPageRendererSource,
  type StatusView,
} from '../../../../src/daemon/status-page/render.js'

const renderer = statusPageRenderer(layoutByWaves)

const resource = (id: string, status: string, dependsOn: string[] = [], extra: object = {}) => ({
  id,
  kind: id.split('/')[0] ?? '',
  status,
  lastAction: 'noop',
  at: '2026-11-30T10:00:05.120Z',
  dependsOn,
  ...extra,
})

const STATUS: StatusView = {
  instance: 'shop-prod',
  source: 'manifests/shop',
  region: 'eu-west-1',
  dryRun: false,
  role: 'follower',
  leader: 'pod-b',
  ready: true,
  passInProgress: null,
  lastPass: {
    id: 'p2',
    triggers: ['change'],
    startedAt: '2026-11-30T10:00:00.000Z',
    finishedAt: '2026-11-30T10:00:03.500Z',
    outcome: 'failure',
    changes: 2,
  },
  passes: [
    {
      id: 'p2',
      triggers: ['change'],
      startedAt: '2026-11-30T10:00:00.000Z',
      finishedAt: '2026-11-30T10:00:03.500Z',
      outcome: 'failure',
      changes: 2,
    },
    {
      id: 'p1',
      triggers: ['startup'],
      startedAt: '2026-11-30T09:58:00.000Z',
      finishedAt: '2026-11-30T09:59:30.000Z',
      outcome: 'success',
      changes: 7,
    },
  ],
  nextResyncAt: '2026-11-30T10:01:00.000Z',
  manifests: { valid: true, revision: 'abc123', files: 5, reconciling: 'current', issues: [] },
  resources: [
    resource('Cluster/shop', 'synced'),
    resource('Namespace/shop', 'synced'),
    resource('Service/shop/ledger', 'synced', ['Cluster/shop', 'Namespace/shop']),
    resource('Service/shop/payments', 'failed', ['Cluster/shop', 'Namespace/shop', 'Service/shop/ledger'], {
      error: 'tasks failed to start',
      attempts: 2,
      retryAt: '2026-11-30T10:00:40.000Z',
    }),
    resource('Service/shop/orders', 'backoff', ['Service/shop/payments']),
    resource('Service/shop/storefront', 'frozen', ['Service/shop/orders']),
  ],
  drift: [{ passId: 'p1', resource: 'Service/shop/ledger', kind: 'Service', at: '2026-11-30T09:59:10.000Z' }],
  chaos: [
    {
      name: 'orders-resilience',
      schedule: '*/5 * * * *',
      timezone: 'Europe/Paris',
      suspended: false,
      target: 'orders',
      nextRun: {
        utc: '2026-11-30T10:05:00.000Z',
        local: '2026-11-30T11:05:00+01:00',
        timezone: 'Europe/Paris',
      },
      running: 0,
      heldBy: null,
      error: null,
      runs: [
        {
          slot: '2026-11-30T10:00:00.000Z',
          outcome: 'skipped',
          at: '2026-11-30T10:00:00.100Z',
          guardrail: 'deployment-in-progress',
          reason: 'orders is rolling out',
        },
        {
          slot: '2026-11-30T09:55:00.000Z',
          outcome: 'completed',
          at: '2026-11-30T09:55:00.200Z',
          endedAt: '2026-11-30T09:56:30.200Z',
          experimentId: 'EXP123',
        },
      ],
    },
  ],
}

/** The drawn node of each resource id, with its status as the page states it in text. */
const graphNodes = (html: string): Map<string, string> =>
  new Map(
    [...html.matchAll(/<g class="node tone-(\w+)"[^>]*data-id="([^"]*)" data-status="([^"]*)">/g)].map(
      (m) => [m[2] ?? '', m[3] ?? ''],
    ),
  )

describe('status page rendering', () => {
  it('draws every resource in the graph with its status as text, and one arrow per dependency', () => {
    const html = renderer.body(STATUS)
    expect(graphNodes(html)).toEqual(
      new Map([
        ['Cluster/shop', 'synced'],
        ['Namespace/shop', 'synced'],
        ['Service/shop/ledger', 'synced'],
        ['Service/shop/payments', 'failed'],
        ['Service/shop/orders', 'backoff'],
        ['Service/shop/storefront', 'frozen'],
      ]),
    )
    // payments waits for the cluster and namespace through ledger too: only its direct wait is drawn.
    expect([...html.matchAll(/<path class="edge"[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual([
      'Service/shop/ledger waits for Cluster/shop',
      'Service/shop/ledger waits for Namespace/shop',
      'Service/shop/payments waits for Service/shop/ledger',
      'Service/shop/orders waits for Service/shop/payments',
      'Service/shop/storefront waits for Service/shop/orders',
    ])
    // Not colour only: the status word is in the box and in the table.
    expect(html).toMatch(/<text x="9" y="17" class="kind">Service · failed<\/text>/)
    expect(html).toContain('<span class="badge tone-bad">failed</span>')
    expect(html).toContain('<span class="badge tone-warn">backoff</span>')
    expect(html).toContain('<span class="badge tone-cold">frozen</span>')
    expect(html).toContain('tasks failed to start; retry at 2026-11-30 10:00:40Z; attempt 2')
  })

  it('shows the pass history with duration and outcome, drift, chaos runs and next run, and the role', () => {
    const html = renderer.body(STATUS)
    expect(html).toContain(
      '<td><time datetime="2026-11-30T10:00:03.500Z">2026-11-30 10:00:03</time></td><td>3.5 s</td><td>change</td><td><span class="badge tone-bad">failure</span></td><td>2</td>',
    )
    expect(html).toContain(
      '<td>90 s</td><td>startup</td><td><span class="badge tone-good">success</span></td><td>7</td>',
    )
    expect(html).toContain('<td><code>Service/shop/ledger</code></td><td><code>p1</code></td>')
    expect(html).toContain(
      'next run <time datetime="2026-11-30T10:05:00.000Z">2026-11-30 10:05:00</time> UTC (2026-11-30T11:05:00+01:00 Europe/Paris)',
    )
    expect(html).toContain('<span class="badge tone-quiet">skipped</span>')
    expect(html).toContain('guardrail deployment-in-progress; orders is rolling out')
    expect(html).toContain(
      '<span class="badge tone-good">completed</span></td><td><time datetime="2026-11-30T09:55:00.200Z">2026-11-30 09:55:00</time></td><td>90 s</td><td>experiment EXP123</td>',
    )
    expect(html).toContain('role <strong>follower</strong> (leader: pod-b)')
  })

  it('escapes every text from /status: names, errors, reasons, manifest problems', () => {
    const evil = '<img src=x onerror=alert(1)>'
    const html = renderer.body({
      ...STATUS,
      instance: `"><script>alert('i')</script>`,
      resources: [
        resource(`Service/shop/${evil}`, 'failed', [`Cluster/${evil}`], {
          error: '</td><script>alert(2)</script>',
        }),
        resource(`Cluster/${evil}`, 'synced'),
      ],
      drift: [{ passId: '<b>p</b>', resource: evil, kind: 'Service', at: 'x' }],
      manifests: {
        valid: false,
        files: 1,
        reconciling: 'last-valid',
        issues: [
          { file: `${evil}.yaml`, line: 1, col: 2, severity: 'error', message: '<i>bad</i>', rule: 'r' },
        ],
      },
      chaos: [
        {
          name: evil,
          schedule: '<s>',
          target: evil,
          suspended: true,
          runs: [{ slot: evil, outcome: '<u>', at: evil, reason: evil }],
        },
      ],
    })
    expect(html).not.toMatch(/<(img|script|b|i|u|s)[\s>]/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(&#39;i&#39;)&lt;/script&gt;')
    expect(html).toContain('data-id="Service/shop/&lt;img src=x onerror=alert(1)&gt;"')
    // An unknown word is shown as it is, escaped, in the neutral colour.
    expect(html).toContain('<span class="badge tone-quiet">&lt;u&gt;</span>')
  })

  it('says what is missing instead of failing on an empty or partial status', () => {
    for (const partial of [
      {},
      { resources: null, passes: 'x', chaos: { a: 1 } },
      { resources: [{ id: 7 }, null] },
    ] as unknown as StatusView[]) {
      const html = renderer.body(partial)
      expect(html).toContain('No resources yet')
      expect(html).toContain('No pass has finished yet.')
      expect(html).toContain('No chaos schedules.')
    }
  })

  it('tells a follower replica apart from a daemon whose first pass is still running', () => {
    expect(renderer.body({ role: 'follower', leader: 'pod-a', ready: true, resources: [] })).toContain(
      'this replica follows and runs no pass; the leader (pod-a) reconciles',
    )
    expect(
      renderer.body({ shards: { count: 6, replicas: 3, owned: [1, 4] }, ready: true, resources: [] }),
    ).toContain('shards <strong>1, 4</strong> of 6 (3 replicas)')
    expect(
      renderer.body({ shards: { count: 6, replicas: 3, owned: [] }, ready: true, resources: [] }),
    ).toContain('shards <strong>none</strong> of 6')
    expect(renderer.body({ ready: false, resources: [] })).toContain(
      'No resources yet: the first pass has not finished.',
    )
  })

  it('shows a pass in progress and the resources it is working on before they are in the last pass', () => {
    const html = renderer.body({
      ...STATUS,
      resources: [],
      passInProgress: {
        id: 'p3',
        since: '2026-11-30T10:02:00.000Z',
        wave: 2,
        resources: [
          {
            id: 'Service/shop/api',
            action: 'create',
            wave: 2,
            phase: 'running',
            state: 'IN_PROGRESS',
            running: 1,
            desired: 3,
            failed: 0,
          },
        ],
      },
    })
    expect(graphNodes(html)).toEqual(new Map([['Service/shop/api', 'progressing']]))
    expect(html).toContain('now: create 1/3 running')
    expect(html).toContain(
      'Pass <code>p3</code> since <time datetime="2026-11-30T10:02:00.000Z">2026-11-30 10:02:00</time>, wave 2.',
    )
  })

  it('runs in the browser from its own source: the page script renders exactly what the server rendered', () => {
    // What document.ts puts in the script: the functions' source, evaluated with no module scope around them.
    const rebuilt = runInNewContext(
      `(${statusPageRendererSource()})(${layoutByWavesSource()})`,
    ) as typeof renderer
    expect(rebuilt.body(STATUS)).toBe(renderer.body(STATUS))
  })
})

describe('status page document', () => {
  const page = renderStatusPage(STATUS, '2026-11-30T10:00:06.000Z')
  const between = (open: string, close: string): string =>
    page.slice(page.indexOf(open) + open.length, page.indexOf(close))
  const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

  it('is a whole HTML document whose server-rendered main content stands without the script', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true)
    expect(between('<main id="status-page">\n', '\n</main>')).toBe(renderer.body(STATUS))
    expect(page).toContain('Rendered by the daemon at 2026-11-30 10:00:06 UTC')
    expect(page).toContain('<noscript>')
  })

  it('allows by hash exactly its own script and stylesheet, and nothing else', () => {
    expect(STATUS_PAGE_CSP).toContain(`script-src ${sha(between('<script>', '</script>'))}`)
    expect(STATUS_PAGE_CSP).toContain(`style-src ${sha(between('<style>', '</style>'))}`)
    expect(STATUS_PAGE_CSP).toContain("default-src 'none'")
    expect(page.match(/<script/g)).toHaveLength(1)
  })
})
