/**
 * The installable package: `npm pack` holds only dist/, the schema, the examples and the docs, and
 * the tarball installed into an empty folder runs `npx ecs-reconciler --version`, `validate` and
 * `plan --local` on the example it bundles. Needs `npm run build` first (`npm test` builds).
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../support/example.js'

const exec = promisify(execFile)
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
  files: string[]
}

/** npm always packs these at the root, whatever `files` says (https://docs.npmjs.com/cli/v10/configuring-npm/package-json#files). */
const ALWAYS_PACKED = /^(package\.json|README(\.md)?|LICEN[CS]E(\.md)?|CHANGELOG(\.md)?)$/i

interface Packed {
  readonly filename: string
  readonly files: { path: string }[]
}

// --ignore-scripts: `prepack` would recompile dist/ under the other tests' feet; npm test built it.
async function npmPack(args: readonly string[]): Promise<Packed> {
  const { stdout } = await exec('npm', ['pack', '--json', '--ignore-scripts', ...args], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, npm_config_loglevel: 'error' },
  })
  const [packed] = JSON.parse(stdout) as Packed[]
  if (!packed) throw new Error(`npm pack printed no package: ${stdout}`)
  return packed
}

interface Exit {
  readonly code: number | null
  readonly out: string
}

async function run(cwd: string, cmd: string, args: readonly string[], timeoutMs = 120_000): Promise<Exit> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', npm_config_loglevel: 'error' }
  for (const key of Object.keys(env)) if (key.startsWith('ECS_RECONCILER_')) delete env[key]
  try {
    const { stdout, stderr } = await exec(cmd, [...args], {
      cwd,
      env,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, out: `${stdout}${stderr}` }
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string }
    return {
      code: typeof e.code === 'number' ? e.code : null,
      out: `${e.stdout ?? ''}${e.stderr ?? ''}${String(err)}`,
    }
  }
}

beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist/cli/main.js'))) {
    throw new Error(
      'dist/cli/main.js is missing: run `npm run build` first (`npm test` builds before it runs the tests)',
    )
  }
})

describe('npm pack', () => {
  it('packs only dist/, the schema, the examples and the docs', async () => {
    const { files } = await npmPack(['--dry-run'])
    const paths = files.map((f) => f.path)
    expect(pkg.files).toEqual(['dist/', 'schema/', 'manifests/examples/', 'docs/'])
    const outside = paths.filter(
      (p) => !pkg.files.some((prefix) => p.startsWith(prefix)) && !ALWAYS_PACKED.test(p),
    )
    expect(outside).toEqual([])
    for (const required of [
      'dist/cli/main.js',
      'schema/ecs-reconciler.schema.json',
      'manifests/examples/shop/base/cluster.yaml',
      'manifests/examples/shop/envs/staging/terraform.tfstate',
      'docs/image.md',
    ]) {
      expect(paths, required).toContain(required)
    }
    expect(
      paths.filter((p) => /^(src|test|bench|scripts)\/|\.whl$|\.ts$/.test(p) && !p.endsWith('.d.ts')),
    ).toEqual([])
  })
})

describe('the packed tarball installed into an empty folder', () => {
  let dir = ''
  let installed = ''

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-pack-'))
    const { filename } = await npmPack(['--pack-destination', dir])
    const app = join(dir, 'app')
    // An empty folder: no package.json; npm makes one. The npm cache usually answers, the registry otherwise.
    const install = await run(
      dir,
      'npm',
      [
        'install',
        '--prefix',
        app,
        '--omit=dev',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(dir, filename),
      ],
      170_000,
    )
    if (install.code !== 0) throw new Error(`npm install of the tarball failed:\n${install.out}`)
    installed = join(app, 'node_modules', pkg.name)
  }, 180_000)

  // Tens of thousands of files: on a loaded 2-core machine deleting them alone can pass the 30 s default.
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, 120_000)

  const app = (): string => join(dir, 'app')

  it('runs `npx ecs-reconciler --version`', async () => {
    const r = await run(app(), 'npx', ['--no-install', 'ecs-reconciler', '--version'])
    expect(r.code, r.out).toBe(0)
    expect(r.out.trim()).toBe(pkg.version)
  })

  it('validates the bundled example (exit 0)', async () => {
    const r = await run(app(), 'npx', [
      '--no-install',
      'ecs-reconciler',
      'validate',
      join(installed, 'manifests/examples/shop/envs/staging'),
    ])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/0 errors/)
  })

  it('plans the bundled example against the embedded local cloud (creates everything, exit 2)', async () => {
    const r = await run(app(), 'npx', [
      '--no-install',
      'ecs-reconciler',
      'plan',
      '--local',
      '--local-state',
      join(dir, 'local-cloud.json'),
      '--detailed-exitcode',
      // The base: the environments look a value up in SSM, which this fresh local cloud does not hold.
      join(installed, 'manifests/examples/shop/base'),
    ])
    // --detailed-exitcode: 2 = changes to make; a fresh local cloud holds none of the example.
    expect(r.code, r.out).toBe(2)
    expect(r.out).toMatch(/create/i)
  })
})
