/** The daemon's listener refuses strangers: unknown `Host` names (DNS rebinding) and slow or idle sockets. */
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { serveHttp, type HttpEndpoint } from '../../../src/daemon/http.js'
import { boundAddresses, HostAllowList, parseAllowedHosts } from '../../../src/daemon/http-guard.js'
import { DaemonMetrics } from '../../../src/daemon/metrics.js'
import { testStatusStore } from '../../support/pass-runner.js'

const status = testStatusStore()
const FAST = { headersMs: 200, requestMs: 400, keepAliveMs: 200 }
let endpoint: HttpEndpoint | undefined
afterEach(() => endpoint?.close())

async function serve(host: string, allowedHosts: string[] = []): Promise<HttpEndpoint> {
  endpoint = await serveHttp({ host, port: 0 }, status, new DaemonMetrics([]), {
    allowedHosts,
    timeouts: FAST,
  })
  return endpoint
}

/** A GET with a `Host` header of our choosing (fetch does not let a caller set it). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/status`, { headers: { host } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket))
    socket.on('error', reject)
  })
}

/** Resolves with what the server sent once it closes the socket. */
function closedBy(socket: Socket): Promise<string> {
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
  return new Promise((resolve) => socket.on('close', () => resolve(received)))
}

describe('Host header allow-list', () => {
  it('refuses a name that is not ours with 421 and says how to allow it', async () => {
    const http = await serve('127.0.0.1')
    const refused = await getWithHost(http.url, 'attacker.example:8080')
    expect(refused.status).toBe(421)
    expect(refused.body).toContain('--allowed-hosts')
    expect(refused.body).not.toContain('"resources"')
  })

  it.each(['localhost', 'localhost:8080', '127.0.0.1', 'status.localhost', '[::1]:9'])(
    'accepts the loopback name %s',
    async (host) => {
      const http = await serve('127.0.0.1')
      expect((await getWithHost(http.url, host)).status).toBe(200)
    },
  )

  it('accepts a name given with --allowed-hosts, whatever its case or port', async () => {
    const http = await serve('127.0.0.1', ['reconciler.internal'])
    expect((await getWithHost(http.url, 'Reconciler.Internal:8080')).status).toBe(200)
    expect((await getWithHost(http.url, 'other.internal')).status).toBe(421)
  })

  it('on every interface, accepts each bound address and lists them all', async () => {
    const http = await serve('0.0.0.0')
    const port = new URL(http.url).port
    expect(http.url).toBe(`http://0.0.0.0:${port}`)
    expect(http.boundUrls).toContain(`http://127.0.0.1:${port}`)
    for (const address of boundAddresses('0.0.0.0')) {
      expect((await getWithHost(`http://127.0.0.1:${port}`, `${address}:${port}`)).status).toBe(200)
    }
    expect((await getWithHost(`http://127.0.0.1:${port}`, 'rebound.example')).status).toBe(421)
  })

  it.each([
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.8.9.10', true],
    ['10.0.0.5', '10.0.0.5:8080', true],
    ['10.0.0.5', '10.0.0.6', false],
    ['127.0.0.1', '', false],
    ['127.0.0.1', 'localhost.', true],
  ])('bound to %s, Host %j allowed: %s', (bound, host, want) => {
    expect(new HostAllowList(bound, []).allows(host)).toBe(want)
  })

  it('refuses a request without a Host header', () => {
    expect(new HostAllowList('127.0.0.1', []).allows(undefined)).toBe(false)
  })

  it('parses --allowed-hosts as a comma-separated list', () => {
    expect(parseAllowedHosts(' a.example, b.example ,,')).toEqual(['a.example', 'b.example'])
  })
})

describe('slow and idle connections', () => {
  it('closes a connection whose request head never ends', async () => {
    const http = await serve('127.0.0.1')
    const socket = await openSocket(http.url)
    const closed = closedBy(socket)
    socket.write('GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
    expect(await closed).toMatch(/^HTTP\/1\.1 408/)
  })

  it('closes a kept-alive connection that stays idle after its answer', async () => {
    const http = await serve('127.0.0.1')
    const socket = await openSocket(http.url)
    const closed = closedBy(socket)
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n')
    expect(await closed).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\nok\n/)
  })
})
