/** `/` on the daemon's listener answers with the status page, rendered from the live StatusStore, under its CSP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveHttp, type HttpEndpoint } from '../../../../src/daemon/http.js'
import { DaemonMetrics } from '../../../../src/daemon/metrics.js'
import { StatusStore } from '../../../../src/daemon/status.js'
import { STATUS_PAGE_CSP } from '../../../../src/daemon/status-page/document.js'

const status = new StatusStore({
  instance: 'i',
  source: 'dir',
  region: 'eu-west-1',
  dryRun: false,
  startedAt: '2026-11-30T00:00:00.000Z',
})
let http: HttpEndpoint

beforeAll(async () => {
  http = await serveHttp({ host: '127.0.0.1', port: 0 }, status, new DaemonMetrics([]))
})
afterAll(() => http.close())

describe('GET /', () => {
  it('serves the page as HTML under its Content-Security-Policy, with the store as it is now', async () => {
    status.setResource({
      id: 'Service/shop/api',
      kind: 'Service',
      name: 'api',
      cluster: 'shop',
      status: 'backoff',
      lastAction: 'update',
      revision: undefined,
      at: '2026-11-30T00:00:01.000Z',
      dependsOn: [],
    })
    const res = await fetch(`${http.url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(STATUS_PAGE_CSP)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const html = await res.text()
    expect(html).toContain('data-id="Service/shop/api" data-status="backoff"')
    expect(html).toContain('region <strong>eu-west-1</strong>')
  })

  it('answers HEAD without a body, and names / among the paths on a 404', async () => {
    const head = await fetch(`${http.url}/`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect(await (await fetch(`${http.url}/nope`)).text()).toContain('try / (the status page)')
  })
})
