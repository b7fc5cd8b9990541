/**
 * dynalite (an implementation of the DynamoDB API, conditional expressions included) in-process on
 * 127.0.0.1, with the lease table created as manifests/deploy/lease-table.json describes it, and a
 * loopback proxy in front that can make DynamoDB calls fail or hang (fault injection).
 */
import { createServer, request, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

const LEASE_TABLE_FILE = resolve(import.meta.dirname, '../../manifests/deploy/lease-table.json')

type DynaliteFactory = (options: {
  createTableMs: number
  deleteTableMs?: number
  updateTableMs?: number
}) => Server
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory

export interface LocalDynamo {
  readonly endpoint: string
  createLeaseTable(name: string): Promise<void>
  close(): Promise<void>
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  })
  return {
    endpoint,
    createLeaseTable: async (name) => {
      // Exactly the deploy manifest's create-table input (dynalite does not model TTL; nothing relies on it).
      const input = JSON.parse(readFileSync(LEASE_TABLE_FILE, 'utf8')) as CreateTableCommandInput
      await client.send(new CreateTableCommand({ ...input, TableName: name }))
    },
    close: async () => {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type FaultMode = 'pass' | 'error' | 'hang'

export interface FaultProxy {
  readonly endpoint: string
  mode: FaultMode
  /** DynamoDB operations that reached the proxy, in order (`UpdateItem`, `GetItem`, …). */
  readonly seen: string[]
  close(): Promise<void>
}

/** `error` answers 500 InternalServerError, `hang` never answers (the client's timeout ends the call). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target)
  const hung = new Set<ServerResponse>()
  const proxy: FaultProxy = {
    endpoint: '',
    mode: 'pass',
    seen: [],
    close: async () => {
      for (const res of hung) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  const server = createServer((req, res) => {
    const target = req.headers['x-amz-target']
    proxy.seen.push(typeof target === 'string' ? (target.split('.')[1] ?? target) : '?')
    if (proxy.mode === 'hang') {
      hung.add(res)
      req.resume()
      return
    }
    if (proxy.mode === 'error') {
      req.resume()
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' }).end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: 'injected fault',
        }),
      )
      return
    }
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    out.on('error', () => res.destroy())
    req.pipe(out)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return Object.assign(proxy, { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
}
