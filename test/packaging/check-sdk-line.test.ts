/** scripts/check-sdk-line.mjs (npm run check:sdk-line) passes on this repo and fails when the SDK line splits. */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRIPT = join(ROOT, 'scripts/check-sdk-line.mjs')
const dirs: string[] = []

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function check(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' })
  return { status: run.status, output: run.stdout + run.stderr }
}

/** A copy of package.json, the lockfile and src/ that a test may edit. */
function copyOfRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdk-line-'))
  dirs.push(dir)
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(dir, f))
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true })
  return dir
}

function editJson(file: string, edit: (json: Record<string, Record<string, unknown>>) => void): void {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>
  edit(json)
  writeFileSync(file, JSON.stringify(json))
}

describe('check-sdk-line', () => {
  it('passes on this repository: one version for every client but FIS', () => {
    const { status, output } = check(ROOT)
    expect(output).toMatch(/\d+ clients on 3\.\d+\.0/)
    expect(status).toBe(0)
  })

  it('fails when one client moves to another version, in package.json and the lockfile alike', () => {
    const dir = copyOfRepo()
    editJson(join(dir, 'package.json'), (p) => {
      p['dependencies']!['@aws-sdk/client-ecs'] = '3.1178.0'
    })
    editJson(join(dir, 'package-lock.json'), (l) => {
      ;(l['packages']!['node_modules/@aws-sdk/client-ecs'] as { version: string }).version = '3.1178.0'
    })
    const { status, output } = check(dir)
    expect(status).toBe(1)
    expect(output).toContain('the clients are on 2 versions, not one')
  })

  it('fails on a range, and on a lockfile that installs another version than package.json pins', () => {
    const dir = copyOfRepo()
    editJson(join(dir, 'package.json'), (p) => {
      p['dependencies']!['@aws-sdk/client-dynamodb'] = '^3.1132.0'
    })
    editJson(join(dir, 'package-lock.json'), (l) => {
      ;(l['packages']!['node_modules/@aws-sdk/client-servicediscovery'] as { version: string }).version =
        '3.1138.0'
    })
    const { status, output } = check(dir)
    expect(status).toBe(1)
    expect(output).toContain('@aws-sdk/client-dynamodb: "^3.1132.0" is a range')
    expect(output).toMatch(
      /client-servicediscovery: package\.json says 3\.\d+\.0, package-lock\.json installs 3\.1138\.0/,
    )
  })

  it('fails when a second source file imports the FIS client', () => {
    const dir = copyOfRepo()
    mkdirSync(join(dir, 'src/cloud/aws'), { recursive: true })
    writeFileSync(join(dir, 'src/cloud/aws/sneaky.ts'), "import { FisClient } from '@aws-sdk/client-fis'\n")
    const { status, output } = check(dir)
    expect(status).toBe(1)
    expect(output).toContain('@aws-sdk/client-fis is imported outside src/cloud/aws/fis-adapter.ts')
  })
})
