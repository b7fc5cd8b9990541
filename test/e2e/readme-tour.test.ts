/**
 * The README's five-minute tour works as written: every ```sh tour block runs, in order, in bash
 * from a fresh copy of the repository's layout (the committed example under manifests/examples/shop),
 * with the `ecs-reconciler` bin on PATH as `npm link` puts it there, against the embedded local cloud.
 */
import { spawn } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, FAST_LOCAL_CLOUD } from '../support/cli.js'
import { shopExampleRoot } from '../support/example.js'
import { freePort } from '../support/moto.js'

const ROOT = resolve(import.meta.dirname, '../..')
const README = join(ROOT, 'README.md')

/** The bodies of the README's code blocks fenced as ```sh tour, in order. */
export function tourBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh tour\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '')
}

interface BlockResult {
  readonly code: number | null
  readonly output: string
}

/** Runs one block in its own process group, so a daemon it leaves behind can be stopped with it. */
function runBlock(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<BlockResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    // bash has exited: stop what it left running (which would hold its output open), then read the rest.
    child.on('exit', () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // nothing left in the group
      }
    })
    child.on('close', (code) => resolvePromise({ code, output }))
  })
}

describe('README tour', () => {
  const blocks = tourBlocks(readFileSync(README, 'utf8'))
  let work: string
  let env: NodeJS.ProcessEnv

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ecs-reconciler-tour-'))
    mkdirSync(join(work, 'manifests/examples'), { recursive: true })
    cpSync(shopExampleRoot(), join(work, 'manifests/examples/shop'), { recursive: true })
    // The seed script as in a clone: it starts the local cloud from dist/ and uses the SDK clients.
    mkdirSync(join(work, 'scripts'))
    cpSync(join(ROOT, 'scripts/seed-demo.mjs'), join(work, 'scripts/seed-demo.mjs'))
    symlinkSync(join(ROOT, 'dist'), join(work, 'dist'))
    symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'))
    const bin = join(work, '.bin')
    mkdirSync(bin)
    writeFileSync(
      join(bin, 'ecs-reconciler'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`,
    )
    chmodSync(join(bin, 'ecs-reconciler'), 0o755)
    env = {
      ...process.env,
      ...FAST_LOCAL_CLOUD,
      NO_COLOR: '1',
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      STATUS_PORT: String(await freePort()),
    }
    delete env.ECS_RECONCILER_LISTEN
  })

  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('is a front door: under 200 lines, with a tour of plan, apply, the daemon and its status', () => {
    expect(readFileSync(README, 'utf8').split('\n').length).toBeLessThan(200)
    const tour = blocks.join('\n')
    expect(blocks.length).toBeGreaterThanOrEqual(4)
    // The demo passes verify: the tour seeds the account instead of turning the checks off.
    expect(tour).not.toContain('--no-verify')
    for (const step of [
      'ecs-reconciler verify',
      'ecs-reconciler plan',
      'ecs-reconciler apply',
      'ecs-reconciler run',
      '/status',
    ]) {
      expect(tour).toContain(step)
    }
  })

  it('runs every block as written, in order, each exiting 0', { timeout: 600_000 }, async () => {
    const outputs: string[] = []
    for (const [index, block] of blocks.entries()) {
      const { code, output } = await runBlock(block, work, env)
      expect({ block: index + 1, code, output: code === 0 ? '' : output }).toEqual({
        block: index + 1,
        code: 0,
        output: '',
      })
      outputs.push(output)
    }
    const all = outputs.join('\n')
    expect(all).toMatch(/^verify: \d+ passed, 0 failed, \d+ skipped$/m)
    expect(all).toContain('No changes')
    expect(all).toContain('EssentialContainerExited')
    expect(all).toContain('"outcome": "success"')
    expect(all).toMatch(/ecs_reconciler_passes_total\{trigger="startup",outcome="success"\} 1/)
  })
})
