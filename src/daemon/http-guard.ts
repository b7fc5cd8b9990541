/**
 * @module Who may talk to the daemon's listener: the `Host` allow-list that defeats DNS rebinding,
 * the timeouts that close slow or idle connections, and the addresses a wildcard listen binds.
 */
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

/**
 * Seconds, not Node's minutes: a client that trickles its headers or holds a socket idle is cut off
 * quickly, so a handful of slow peers cannot exhaust the daemon's sockets.
 * https://nodejs.org/api/http.html#serverheaderstimeout
 */
export interface HttpTimeouts {
  /** Time to receive the whole request head. */
  readonly headersMs: number
  /** Time to receive the whole request. */
  readonly requestMs: number
  /** Idle time allowed between two requests on a kept-alive socket. */
  readonly keepAliveMs: number
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 5_000, requestMs: 10_000, keepAliveMs: 5_000 }

const WILDCARDS = new Set(['0.0.0.0', '::'])

export function isWildcard(host: string): boolean {
  return WILDCARDS.has(host)
}

/** The addresses a listener on `host` answers on: the host itself, or every local address for a wildcard. */
export function boundAddresses(host: string): string[] {
  if (!isWildcard(host)) return [host]
  const ipv4Only = host === '0.0.0.0'
  // Loopback first: it is the address an operator on the machine itself will try.
  const addresses = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !ipv4Only || entry.family === 'IPv4')
    .sort((a, b) => Number(b.internal) - Number(a.internal))
    .map((entry) => entry.address)
  return [...new Set(addresses)]
}

/** `http://host:port` with IPv6 literals bracketed. */
export function urlOf(address: string, port: number): string {
  return `http://${isIP(address) === 6 ? `[${address}]` : address}:${port}`
}

/**
 * The `Host` names a request may carry: loopback names, the addresses the listener is bound to and
 * the names the operator added. A page served from another name and re-pointed at us by DNS
 * rebinding carries its own name, so it is refused.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/421
 */
export class HostAllowList {
  private readonly names: ReadonlySet<string>

  constructor(boundHost: string, extraNames: readonly string[]) {
    const names = ['localhost', '127.0.0.1', '::1', ...boundAddresses(boundHost), ...extraNames]
    this.names = new Set(names.map(normaliseName))
  }

  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false
    const name = normaliseName(stripPort(hostHeader.trim()))
    // RFC 6761 reserves *.localhost for loopback, and 127.0.0.0/8 is loopback as a whole.
    return this.names.has(name) || name.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(name)
  }
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'))
  const colon = host.lastIndexOf(':')
  // Two colons or more without brackets: a bare IPv6 literal, which carries no port.
  return colon !== -1 && host.indexOf(':') === colon ? host.slice(0, colon) : host
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '')
}

/** `--allowed-hosts a,b`: names without ports, split on commas. */
export function parseAllowedHosts(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
}
