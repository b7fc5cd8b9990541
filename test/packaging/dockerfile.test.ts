/**
 * The Dockerfile against the repository: what it copies exists and survives .dockerignore, the npm
 * scripts it runs exist, its entry point is what `npm run build` produces, the runtime stage is
 * non-root with a /healthz health check, and the built CLI starts with production dependencies only.
 */
import { execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, posix, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  execForm,
  globalArgs,
  healthcheckCommand,
  instructionsOf,
  labelsOf,
  lastArgs,
  repoDockerfile,
  type Instruction,
  type Stage,
} from '../support/dockerfile.js'
import { examplesSnapshot } from '../support/example.js'
import { until } from '../support/poll.js'

const ROOT = resolve(import.meta.dirname, '../..')
const DIST = join(ROOT, 'dist')
const EXAMPLES = examplesSnapshot()
const exec = promisify(execFile)

interface Copy {
  readonly from: string | undefined
  readonly sources: string[]
  readonly dest: string
  readonly line: number
}

function copyOf(ins: Instruction): Copy {
  const tokens = execForm(ins.args) ?? ins.args.split(/\s+/)
  const flags = tokens.filter((t) => t.startsWith('--'))
  const rest = tokens.filter((t) => !t.startsWith('--'))
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length)
  return { from, sources: rest.slice(0, -1), dest: rest.at(-1) ?? '', line: ins.line }
}

// ---- .dockerignore matching (moby/patternmatcher semantics, enough for our patterns) -------------

interface IgnoreRule {
  readonly re: RegExp
  readonly exception: boolean
  readonly pattern: string
}

function globToRegExp(pattern: string): RegExp {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? ''
    if (c === '*' && pattern[i + 1] === '*') {
      // "**/" = zero or more directories; a trailing "**" = anything below
      if (pattern[i + 2] === '/') {
        re += '(?:.*/)?'
        i += 2
      } else {
        re += '.*'
        i += 1
      }
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = pattern.indexOf(']', i)
      re += end > i ? pattern.slice(i, end + 1).replace('[!', '[^') : '\\['
      i = end > i ? end : i
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const exception = l.startsWith('!')
      const cleaned = posix
        .normalize((exception ? l.slice(1) : l).trim())
        .replace(/^\/+/, '')
        .replace(/\/+$/, '')
      return { re: globToRegExp(cleaned), exception, pattern: l }
    })
}

/** True when `path` (relative, posix) is left out of the build context: the last rule matching it or a parent wins. */
function isIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  const parts = path.split('/')
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'))
  let ignored = false
  for (const rule of rules) if (candidates.some((c) => rule.re.test(c))) ignored = !rule.exception
  return ignored
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  )
}

// ---- the files under test -------------------------------------------------------------------------

const { instructions, stages, runtime } = repoDockerfile()
const ignoreRules = parseDockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  engines: Record<string, string>
  license: string
}
const buildTsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as {
  compilerOptions: { outDir: string; rootDir: string }
}

const entrypoint = execForm(lastArgs(runtime, 'ENTRYPOINT') ?? '')
const healthcheck = healthcheckCommand(lastArgs(runtime, 'HEALTHCHECK') ?? '')

describe('Dockerfile structure', () => {
  it('is multi-stage: a build stage that compiles and a runtime stage, both on the BASE_IMAGE argument', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2)
    const build = stages.find((s) => instructionsOf(s, 'RUN').some((r) => /\bnpm run build\b/.test(r.args)))
    expect(build, 'a stage runs npm run build').toBeDefined()
    expect(build).not.toBe(runtime)
    expect(
      instructionsOf(build, 'RUN').some((r) => /\bnpm ci\b/.test(r.args)),
      'the build stage installs with npm ci',
    ).toBe(true)
    // One base for both stages, so the local base (scripts/make-base-image.sh) replaces it in one place.
    expect(stages.map((s) => s.from)).toEqual(stages.map(() => '${BASE_IMAGE}'))
  })

  it('defaults BASE_IMAGE to the public Debian slim Node image of the LTS major in .nvmrc', () => {
    const nvmrcMajor = Number(/^v?(\d+)/.exec(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim())?.[1])
    const base = globalArgs(instructions)['BASE_IMAGE'] ?? ''
    const slim = /^node:(\d+)(?:\.\d+)*-(bookworm|trixie)-slim(?:@sha256:[0-9a-f]{64})?$/.exec(base)
    expect(slim, `BASE_IMAGE default ${base}`).not.toBeNull()
    expect(Number(slim?.[1])).toBe(nvmrcMajor)
    expect(nvmrcMajor % 2, 'even Node majors are the LTS lines').toBe(0)
    expect(pkg.engines['node']).toBe(`>=${nvmrcMajor}`)
    // The local base is made from the same Debian release as the public default.
    const script = readFileSync(join(ROOT, 'scripts/make-base-image.sh'), 'utf8')
    expect(script).toMatch(new RegExp(`^debian_suite=${slim?.[2] ?? '-'}$`, 'm'))
  })

  it('installs production dependencies only in the runtime stage, and git', () => {
    const runs = instructionsOf(runtime, 'RUN').map((r) => r.args)
    expect(runs.some((r) => /\bnpm ci\b[^&;|]*--omit=dev/.test(r))).toBe(true)
    expect(
      runs.some((r) => /\bnpm (ci|install|i)\b(?![^&;|]*--omit=dev)/.test(r)),
      'no npm install with dev dependencies',
    ).toBe(false)
    expect(
      runs.some((r) => /\bnpm run build\b/.test(r)),
      'nothing is compiled in the runtime stage',
    ).toBe(false)
    // git (the Git source), CA certificates and tini, from Debian when the base lacks them.
    const apt = runs.find((r) => /\bapt-get install\b/.test(r)) ?? ''
    for (const p of ['git', 'ca-certificates', 'tini']) expect(apt, p).toMatch(new RegExp(`\\b${p}\\b`))
    expect(apt).toMatch(/--no-install-recommends/)
    expect(apt, 'apt lists are removed in the same layer').toMatch(/rm -rf \/var\/lib\/apt\/lists/)
    expect(
      instructionsOf(runtime, 'ENV')
        .map((e) => e.args)
        .join('\n'),
    ).toMatch(/\bNODE_ENV[= ]production\b/)
  })

  it('copies the compiled dist/ from the build stage to where the ENTRYPOINT finds it', () => {
    const buildStage = stages.find((s) =>
      instructionsOf(s, 'RUN').some((r) => /\bnpm run build\b/.test(r.args)),
    )
    const copies = instructionsOf(runtime, 'COPY')
      .map(copyOf)
      .filter((c) => c.from !== undefined)
    const distCopy = copies.find(
      (c) => c.from === buildStage?.name || c.from === String(stages.indexOf(buildStage as Stage)),
    )
    expect(distCopy, 'COPY --from=<build stage> of dist').toBeDefined()
    const buildWorkdir = lastArgs(buildStage, 'WORKDIR') ?? '/'
    expect(posix.normalize(distCopy?.sources[0] ?? '')).toBe(
      posix.join(buildWorkdir, buildTsconfig.compilerOptions.outDir),
    )
    const runtimeWorkdir = lastArgs(runtime, 'WORKDIR') ?? '/'
    expect(posix.join(runtimeWorkdir, distCopy?.dest ?? '')).toBe(
      posix.join(runtimeWorkdir, buildTsconfig.compilerOptions.outDir),
    )
  })

  it('runs as a numeric non-root user, which both bases have (the node user, 1000)', () => {
    const user = lastArgs(runtime, 'USER')
    expect(user, 'USER in the runtime stage').toMatch(/^\d+:\d+$/)
    expect(user?.split(':')[0]).not.toBe('0')
  })

  it('keeps /tmp, where the Git clone lives, a volume, so a read-only root file system works', () => {
    const volumes = instructionsOf(runtime, 'VOLUME').flatMap((v) => execForm(v.args) ?? v.args.split(/\s+/))
    expect(volumes).toEqual(['/tmp'])
  })

  it('carries the OCI labels source, version and revision, from build arguments', () => {
    const labels = labelsOf(runtime)
    for (const key of ['source', 'version', 'revision']) {
      expect(labels[`org.opencontainers.image.${key}`], key).toBe(`\${${key.toUpperCase()}}`)
    }
    const args = instructionsOf(runtime, 'ARG').map((a) => a.args.split('=')[0])
    expect(args).toEqual(expect.arrayContaining(['SOURCE', 'VERSION', 'REVISION']))
    expect(labels['org.opencontainers.image.licenses']).toBe(pkg.license)
  })

  it('starts the CLI that `npm run build` produces (package.json bin) with `run` by default', () => {
    const binPath = posix.normalize(Object.values(pkg.bin)[0] ?? '')
    // tini is PID 1 (-s: it reaps as a subreaper even when ECS's own init is PID 1).
    expect(entrypoint).toEqual(['tini', '-s', '--', 'node', binPath])
    // build = tsc -p tsconfig.build.json: src/<x>.ts compiles to <outDir>/<x>.js
    expect(pkg.scripts['build']).toMatch(/tsc -p tsconfig\.build\.json/)
    const { rootDir, outDir } = buildTsconfig.compilerOptions
    const source = posix.join(rootDir, posix.relative(outDir, binPath)).replace(/\.js$/, '.ts')
    expect(existsSync(join(ROOT, source)), `${source} exists`).toBe(true)
    expect(execForm(lastArgs(runtime, 'CMD') ?? '')).toEqual(['run', '--listen', '0.0.0.0:8080'])
  })

  it('exposes 8080 and health-checks /healthz with node itself', () => {
    expect((lastArgs(runtime, 'EXPOSE') ?? '').split(/\s+/)).toContain('8080')
    expect(healthcheck?.[0]).toBe('node')
    expect(healthcheck?.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:8080\/healthz/)
  })

  it('runs only npm scripts that exist in package.json', () => {
    const named = instructions
      .filter((i) => i.keyword === 'RUN')
      .flatMap((i) => [...i.args.matchAll(/\bnpm\s+run(?:-script)?\s+([\w:.-]+)/g)].map((m) => m[1] ?? ''))
    expect(named.length).toBeGreaterThan(0)
    expect(named.filter((s) => !(s in pkg.scripts))).toEqual([])
  })
})

describe('Dockerfile build context', () => {
  const contextCopies = instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map(copyOf)
    .filter((c) => c.from === undefined)

  it('has COPY sources to check, and the ignore rules actually exclude the heavy folders', () => {
    expect(contextCopies.length).toBeGreaterThan(0)
    for (const path of [
      'node_modules/vitest/package.json',
      'dist/cli/main.js',
      '.git/HEAD',
      '.ecs-reconciler/local-cloud.json',
      'coverage/index.html',
      'dist-bench/x.js',
      'test/unit/x.test.ts',
      'bench/run.ts',
    ]) {
      expect(isIgnored(ignoreRules, path), path).toBe(true)
    }
  })

  it('copies only paths that exist and that .dockerignore keeps (every file of a copied folder)', () => {
    const problems: string[] = []
    for (const copy of contextCopies) {
      for (const source of copy.sources) {
        const rel = posix.normalize(source).replace(/^\.\/|\/$/g, '')
        const abs = join(ROOT, rel)
        if (!existsSync(abs)) {
          problems.push(`line ${copy.line}: ${source} does not exist`)
          continue
        }
        const files = statSync(abs).isDirectory()
          ? filesUnder(abs).map((f) => relative(ROOT, f).split('\\').join('/'))
          : [rel]
        if (files.length === 0) problems.push(`line ${copy.line}: ${source} is empty`)
        for (const f of files) {
          if (isIgnored(ignoreRules, f)) problems.push(`line ${copy.line}: ${f} is excluded by .dockerignore`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})

// ---- the built CLI with production dependencies only ----------------------------------------------

interface Exit {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

function childEnv(): NodeJS.ProcessEnv {
  // A clean daemon configuration: no ECS_RECONCILER_* from the developer's shell.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NO_COLOR: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  }
  for (const key of Object.keys(env)) if (key.startsWith('ECS_RECONCILER_')) delete env[key]
  env['ECS_RECONCILER_LOCAL_TIMING'] = JSON.stringify({
    taskStartSeconds: 0.3,
    drainSeconds: 0.3,
    namespaceCreateSeconds: 0.2,
  })
  return env
}

async function node(cwd: string, args: readonly string[], timeoutMs = 60_000): Promise<Exit> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [...args], {
      cwd,
      env: childEnv(),
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string }
    return {
      code: typeof e.code === 'number' ? e.code : null,
      stdout: e.stdout ?? '',
      stderr: `${e.stderr ?? ''}${String(err)}`,
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolvePort(port))
    })
  })
}

/** The Dockerfile's own health-check script, pointed at another port. */
function healthcheckScript(port: number): string[] {
  const script = healthcheck?.slice(1) ?? []
  return script.map((a) => a.replace('127.0.0.1:8080/', `127.0.0.1:${port}/`))
}

describe('the built CLI with production dependencies only', () => {
  let dir = ''

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'cli', 'main.js'))) {
      throw new Error(
        'dist/cli/main.js is missing: run `npm run build` first (`npm test` builds before it runs the tests)',
      )
    }
    dir = mkdtempSync(join(tmpdir(), 'ecs-reconciler-prod-'))
    for (const f of ['package.json', 'package-lock.json']) cpSync(join(ROOT, f), join(dir, f))
    cpSync(DIST, join(dir, 'dist'), { recursive: true })
    // Same flags as the runtime stage; the npm cache usually answers, the registry otherwise.
    await exec(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
      {
        cwd: dir,
        env: { ...process.env, npm_config_loglevel: 'error', NODE_ENV: 'production' },
        timeout: 170_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    )
  }, 180_000)

  // Tens of thousands of files: on a loaded 2-core machine deleting them alone can pass the 30 s default.
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, 120_000)

  it('installed no dev dependency', () => {
    const present = Object.keys(pkg.devDependencies).filter((d) =>
      existsSync(join(dir, 'node_modules', d, 'package.json')),
    )
    expect(present).toEqual([])
    for (const d of Object.keys(pkg.dependencies)) {
      expect(existsSync(join(dir, 'node_modules', d, 'package.json')), d).toBe(true)
    }
  })

  it('loads every built module (the lazily imported ones too)', async () => {
    const script = [
      "import { readdirSync, statSync } from 'node:fs'",
      "import { join } from 'node:path'",
      "import { pathToFileURL } from 'node:url'",
      'const walk = (d) => readdirSync(d).flatMap((n) => { const f = join(d, n); return statSync(f).isDirectory() ? walk(f) : f.endsWith(".js") ? [f] : [] })',
      // main.js runs the CLI when imported; it is started for real below.
      "const files = walk('dist').filter((f) => f !== join('dist', 'cli', 'main.js'))",
      'const failed = []',
      'for (const f of files) { try { await import(pathToFileURL(f).href) } catch (e) { failed.push(`${f}: ${e.message}`) } }',
      'console.log(JSON.stringify({ loaded: files.length, failed }))',
      'process.exit(0)',
    ].join('\n')
    const r = await node(dir, ['--input-type=module', '-e', script])
    expect(r.code, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      loaded: number
      failed: string[]
    }
    expect(result.failed).toEqual([])
    expect(result.loaded).toBeGreaterThan(20)
  })

  it('validates the example manifests (exit 0)', async () => {
    // One path loads one environment: the environments example is validated one environment at a time.
    for (const example of [
      'shop/base',
      'shop/envs/staging',
      'shop/envs/prod',
      'environments/envs/staging',
      'environments/envs/prod',
    ]) {
      const r = await node(dir, ['dist/cli/main.js', 'validate', join(EXAMPLES, example)])
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
      expect(r.stdout).toMatch(/0 errors/)
    }
  })

  it('lists the run command in --help', async () => {
    const r = await node(dir, ['dist/cli/main.js', '--help'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^\s+validate\b/m)
    expect(r.stdout).toMatch(/^\s+run\b/m)
  })

  it('serves /healthz to the Dockerfile health check while running, and exits 0 on SIGTERM', async () => {
    const port = await freePort()
    const state = join(dir, 'state.json')
    const child = spawn(
      process.execPath,
      [
        'dist/cli/main.js',
        'run',
        join(EXAMPLES, 'shop/envs/staging'),
        '--local',
        '--local-state',
        state,
        '--dry-run',
        '--listen',
        `127.0.0.1:${port}`,
      ],
      {
        cwd: dir,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.once('exit', (code, signal) => res({ code, signal })),
    )
    try {
      const healthy = await until(
        'the Dockerfile health check to pass against the daemon',
        async () => {
          if (child.exitCode !== null) throw new Error(`the daemon exited ${child.exitCode}:\n${output}`)
          const check = await node(dir, healthcheckScript(port), 5_000)
          return check.code === 0 ? check : undefined
        },
        20_000,
        200,
      )
      expect(healthy.code).toBe(0)

      child.kill('SIGTERM')
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
      void exited.then((e) => (exit = e))
      expect(await until('the daemon to exit on SIGTERM', () => exit, 20_000), output).toEqual({
        code: 0,
        signal: null,
      })
      // The same script reports an unhealthy container once nothing listens.
      expect((await node(dir, healthcheckScript(port), 5_000)).code).toBe(1)
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  }, 60_000)
})
