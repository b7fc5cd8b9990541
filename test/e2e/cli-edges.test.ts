/** End to end: the first things a user types (--version, --help), and output into a pipe that closes early. */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateManifests } from '../../bench/generate.js'
import { CLI, runCli } from '../support/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-cli-edges-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('first-hour edges of the CLI', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as { version: string }
    const r = await runCli(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(version)
  })

  it.each(['validate', 'plan', 'apply', 'graph', 'run'])(
    '%s --help names the real default path, ./manifests',
    async (command) => {
      const r = await runCli([command, '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/\(default: \.\/manifests\)/)
      expect(r.stdout).not.toContain('default: []')
    },
  )

  it('`graph | head -1` ends quietly when the reader closes the pipe (EPIPE): exit 0, no stack trace', async () => {
    // Output far larger than a pipe buffer (64 KiB), so the CLI is still writing when the reader leaves.
    const manifests = join(dir, 'big')
    for (const { file, text } of generateManifests(1500)) {
      mkdirSync(dirname(join(manifests, file)), { recursive: true })
      writeFileSync(join(manifests, file), text)
    }
    const child = spawn(process.execPath, [CLI, 'graph', manifests], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    let first = ''
    child.stdout.on('data', (d: Buffer) => {
      if (first) return
      first = d.toString().split('\n')[0] ?? ''
      // What `head -1` does after its line: close its end of the pipe.
      child.stdout.destroy()
    })
    const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit))
    expect(first).toMatch(/^wave 1:/)
    expect(stderr).toBe('')
    expect(code).toBe(0)
  }, 60_000)
})
