/** Loading an environment folder: bases and patches composed, and every mistake reported at its file:line. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ServiceResource } from '../../../../src/manifest/model.js'
import { loadManifests, type ValidationResult } from '../../../../src/manifest/validate.js'

const SERVICE = `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  cluster: web
  desiredCount: 1
  taskDefinition:
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: api:1
        environment:
          LOG_LEVEL: info
      - name: sidecar
        image: side:1
  network:
    subnets: [subnet-a]
`

const environment = (extra = '', bases = '[../../base]'): string => `apiVersion: ecs-reconciler/v1alpha1
kind: Environment
metadata:
  name: prod
spec:
  bases: ${bases}
  instance: web-prod
${extra}`

let repo: string

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'envs-'))
  mkdirSync(join(repo, '.git'))
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
}

const load = (path = 'envs/prod'): Promise<ValidationResult> => loadManifests([path], { cwd: repo })

const errors = (r: ValidationResult): string[] =>
  r.issues
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.ruleId} ${i.position.file}:${i.position.line} ${i.message}`)

describe('an environment folder', () => {
  it('merges its patches onto the base and takes instance and region from the Environment', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment('  region: eu-west-1\n'),
      'envs/prod/api.yaml': `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  cluster: web
  desiredCount: 3
  taskDefinition:
    containers:
      - name: sidecar
        $patch: delete
      - name: app
        image: api:2
`,
    })
    const r = await load()
    expect(errors(r)).toEqual([])
    const api = r.set.byKind.Service[0] as ServiceResource
    expect(api.spec.desiredCount).toBe(3)
    expect(api.spec.taskDefinition.containers).toEqual([
      expect.objectContaining({ name: 'app', image: 'api:2', environment: { LOG_LEVEL: 'info' } }),
    ])
    expect(r.environment).toMatchObject({ name: 'prod', instance: 'web-prod', region: 'eu-west-1' })
    expect(r.files).toEqual(['envs/prod/api.yaml', 'envs/prod/environment.yaml', 'base/api.yaml'])
    // Provenance: the patched field points at the patch, the untouched one at the base.
    expect(api.source.positionOf(['spec', 'desiredCount'])).toMatchObject({
      file: 'envs/prod/api.yaml',
      line: 7,
    })
    expect(api.source.positionOf(['spec', 'taskDefinition', 'containers', 0, 'image'])).toMatchObject({
      file: 'envs/prod/api.yaml',
      line: 13,
    })
    expect(
      api.source.positionOf(['spec', 'taskDefinition', 'containers', 0, 'environment', 'LOG_LEVEL']),
    ).toMatchObject({ file: 'base/api.yaml', line: 15 })
  })

  it('reports a schema error of a merged document where the bad value was written', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/prod/api.yaml':
        'apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: api\nspec:\n  cluster: web\n  desiredCount: many\n',
    })
    expect(errors(await load())).toEqual([
      expect.stringMatching(/^schema\/type envs\/prod\/api.yaml:7 .*desiredCount/),
    ])
  })

  it('adds a complete document that patches nothing', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/prod/cluster.yaml':
        'apiVersion: ecs-reconciler/v1alpha1\nkind: Cluster\nmetadata:\n  name: web\nspec: {}\n',
    })
    const r = await load()
    expect(errors(r)).toEqual([])
    expect(r.set.resources.map((x) => x.id)).toEqual(['Service/web/api', 'Cluster/web'])
  })

  it('reports an incomplete document with no match as a patch that matches nothing, with the nearest base name', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/prod/apj.yaml':
        'apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: apj\nspec:\n  cluster: web\n  desiredCount: 3\n',
    })
    const r = await load()
    expect(errors(r)).toEqual([
      expect.stringMatching(
        /^environment\/unmatched-patch envs\/prod\/apj.yaml:4 patch matches nothing: no base declares Service apj in cluster web/,
      ),
    ])
    expect(r.issues.find((i) => i.ruleId === 'environment/unmatched-patch')?.hint).toContain(
      'did you mean Service api',
    )
  })

  it('names the cluster when a service patch misses it', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/prod/api.yaml':
        'apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: api\nspec:\n  desiredCount: 3\n',
    })
    const r = await load()
    expect(r.issues.find((i) => i.ruleId === 'environment/unmatched-patch')?.hint).toContain(
      'set spec.cluster to web',
    )
  })

  it('refuses a patch that changes the cluster, naming the patch and the base', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/prod/api.yaml':
        'apiVersion: ecs-reconciler/v1alpha1\nkind: Service\nmetadata:\n  name: api\nspec:\n  cluster: null\n',
    })
    // `cluster: null` has no cluster to match on: the default cluster's api is not in the base.
    const r = await load()
    expect(errors(r)[0]).toMatch(/^environment\/unmatched-patch envs\/prod\/api.yaml:4/)
  })

  it('reports a bad $patch at the patch line and names the base file:line', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/prod/api.yaml': `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata:
  name: api
spec:
  cluster: web
  taskDefinition:
    containers:
      - name: gone
        $patch: delete
`,
    })
    expect(errors(await load())).toEqual([
      expect.stringMatching(
        /^environment\/patch envs\/prod\/api.yaml:9 .*"gone", which the base does not have \(patching Service api in cluster web of base\/api.yaml:1\)/,
      ),
    ])
  })

  it('prints a base cycle as its chain', async () => {
    write({
      'base/api.yaml': SERVICE,
      'base/environment.yaml': environment('', '[../envs/prod]').replace('name: prod', 'name: base'),
      'envs/prod/environment.yaml': environment(),
    })
    expect(errors(await load())).toEqual([
      expect.stringMatching(
        /^environment\/base-cycle base\/environment.yaml:6 base cycle: envs\/prod → base → envs\/prod$/,
      ),
    ])
  })

  it('refuses a base that holds its overlay', async () => {
    write({ 'envs/prod/environment.yaml': environment('', '[..]') })
    expect(errors(await load())).toEqual([
      expect.stringMatching(
        /^environment\/base-cycle envs\/prod\/environment.yaml:6 base cycle: envs\/prod → envs$/,
      ),
    ])
  })

  it('keeps bases inside the repository', async () => {
    write({ 'envs/prod/environment.yaml': environment('', '[../../..]') })
    expect(errors(await load())).toEqual([
      expect.stringMatching(
        /^environment\/base-outside envs\/prod\/environment.yaml:6 base .* is outside the repository/,
      ),
    ])
  })

  it('reports a missing base folder', async () => {
    write({ 'envs/prod/environment.yaml': environment('', '[../../bsae]') })
    expect(errors(await load())).toEqual([
      expect.stringMatching(
        /^environment\/base-missing envs\/prod\/environment.yaml:6 base folder bsae does not exist/,
      ),
    ])
  })

  it('requires spec.instance', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment().replace('  instance: web-prod\n', ''),
    })
    expect(errors(await load())).toEqual([
      expect.stringMatching(/^schema\/required envs\/prod\/environment.yaml:\d+ `spec.instance` is required/),
    ])
  })

  it('refuses a path that holds more than one Environment document', async () => {
    write({
      'base/api.yaml': SERVICE,
      'envs/prod/environment.yaml': environment(),
      'envs/staging/environment.yaml': environment().replace('name: prod', 'name: staging'),
    })
    expect(errors(await load('envs'))).toEqual([
      expect.stringMatching(/^environment\/several .*holds 2 Environment documents/),
    ])
  })

  it('loads a folder without an Environment document as before, even when a string mentions the kind', async () => {
    write({ 'base/api.yaml': SERVICE.replace('LOG_LEVEL: info', 'NOTE: "\\nkind: Environment"') })
    const r = await load('base')
    expect(errors(r)).toEqual([])
    expect(r.environment).toBeUndefined()
  })
})
