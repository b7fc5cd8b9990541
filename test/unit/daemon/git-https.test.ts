/**
 * GitSource over https with a token: a loopback https server (self-signed certificate) that demands
 * Basic authentication and hands the request to `git http-backend`, git's own smart-HTTP server.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitSource } from '../../../src/daemon/sources/git.js'

const TOKEN = 'glpat-test-token-0123456789'
const root = mkdtempSync(join(tmpdir(), 'git-https-'))
const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_DIR: undefined,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
}
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
  }).trim()

let server: Server
let url = ''
let sha = ''
const seenAuth: (string | undefined)[] = []
const savedCaInfo = process.env['GIT_SSL_CAINFO']

/** Runs git http-backend as CGI for one request and copies its answer back. */
function serveGit(req: IncomingMessage, res: ServerResponse): void {
  const [path = '/', query = ''] = (req.url ?? '/').split('?')
  const cgi = spawn('git', ['http-backend'], {
    env: {
      ...GIT_ENV,
      GIT_PROJECT_ROOT: join(root, 'served'),
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: path,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: 'x-access-token',
      REMOTE_ADDR: '127.0.0.1',
    },
  })
  req.pipe(cgi.stdin)
  const chunks: Buffer[] = []
  cgi.stdout.on('data', (d: Buffer) => chunks.push(d))
  cgi.on('close', () => {
    const out = Buffer.concat(chunks)
    const split = out.indexOf('\r\n\r\n')
    const head = out.subarray(0, split).toString()
    const headers: Record<string, string> = {}
    let status = 200
    for (const line of head.split('\r\n')) {
      const [name = '', ...rest] = line.split(':')
      const value = rest.join(':').trim()
      if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0])
      else if (name) headers[name] = value
    }
    res.writeHead(status, headers).end(out.subarray(split + 4))
  })
}

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(root, 'key.pem'),
      '-out',
      join(root, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  )
  mkdirSync(join(root, 'served'))
  git(root, 'init', '--bare', '--quiet', join(root, 'served', 'platform.git'))
  const work = join(root, 'work')
  mkdirSync(join(work, 'deploy'), { recursive: true })
  git(work, 'init', '--quiet')
  writeFileSync(join(work, 'deploy', 'app.yaml'), 'kind: Namespace\n')
  git(work, 'add', '-A')
  git(work, 'commit', '--quiet', '-m', 'first')
  git(work, 'push', '--quiet', join(root, 'served', 'platform.git'), 'HEAD:refs/heads/main')
  sha = git(work, 'rev-parse', 'HEAD')

  const expected = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`
  server = createServer(
    { key: readFileSync(join(root, 'key.pem')), cert: readFileSync(join(root, 'cert.pem')) },
    (req, res) => {
      seenAuth.push(req.headers.authorization)
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('unauthorized\n')
        return
      }
      serveGit(req, res)
    },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/platform.git`
  // Git trusts the test's own certificate; the source passes its environment on to git.
  process.env['GIT_SSL_CAINFO'] = join(root, 'cert.pem')
}, 30_000)

afterAll(async () => {
  if (savedCaInfo === undefined) delete process.env['GIT_SSL_CAINFO']
  else process.env['GIT_SSL_CAINFO'] = savedCaInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(root, { recursive: true, force: true })
})

const source = (env: Record<string, string>): GitSource =>
  new GitSource({
    url,
    branch: 'main',
    path: 'deploy',
    intervalMs: 60_000,
    workDir: mkdtempSync(join(root, 'checkouts-')),
    env,
  })

describe('GitSource over https', () => {
  it('clones with the token from the environment, sent as a Basic authorization header', async () => {
    const s = source({ ECS_RECONCILER_GIT_TOKEN: TOKEN })
    try {
      await s.start(
        () => undefined,
        () => undefined,
      )
      const snap = s.snapshot()
      expect(snap.revision).toBe(sha)
      expect(readFileSync(join(snap.paths[0] ?? '', 'app.yaml'), 'utf8')).toBe('kind: Namespace\n')
    } finally {
      await s.close()
    }
  }, 30_000)

  it('a wrong token is refused with a clear message that does not contain it', async () => {
    const wrong = 'glpat-wrong-token-9876543210'
    const s = source({ ECS_RECONCILER_GIT_TOKEN: wrong })
    const err = await s
      .start(
        () => undefined,
        () => undefined,
      )
      .then(
        () => undefined,
        (e: unknown) => e as Error & { hint?: string },
      )
    expect(err?.message).toMatch(/refused access/)
    expect(err?.hint).toMatch(/ECS_RECONCILER_GIT_TOKEN was refused/)
    expect(JSON.stringify({ m: err?.message, h: err?.hint })).not.toContain(wrong)
    await s.close()
  }, 30_000)

  it('without a token the remote refuses, and the hint says which variable to set', async () => {
    const before = seenAuth.length
    const s = source({})
    const err = await s
      .start(
        () => undefined,
        () => undefined,
      )
      .then(
        () => undefined,
        (e: unknown) => e as Error & { hint?: string },
      )
    expect(err?.hint).toMatch(/Set ECS_RECONCILER_GIT_TOKEN/)
    expect(seenAuth.slice(before).every((a) => a === undefined)).toBe(true)
    await s.close()
  }, 30_000)
})
