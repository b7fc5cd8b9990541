/**
 * Import's round trip on moto: after `apply --no-wait` of the shop example on moto,
 * `import` writes manifests that validate clean and plan with no changes against the same moto. Where
 * moto does not store a setting (docs/conformance.md), import does not see it either, so the imported
 * manifests and moto agree; nothing is allowed to differ but the capacity gap below. Runs on moto only (`npm run test:moto`); the
 * local-cloud round trip is test/contract/import/round-trip.test.ts.
 */
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { runCli } from '../support/cli.js'
import { exampleOnMoto } from '../support/moto.js'
import { targetName } from './target.js'

/**
 * The one gap import cannot see past (docs/conformance.md): moto stores no capacityProviderStrategy
 * and reads launchType EC2 for a service created with a strategy. Import leaves EC2 out (the manifests
 * describe Fargate only), so the imported service plans the cluster's default strategy against EC2.
 */
const MOTO_CAPACITY_GAP = new Set(['capacity.capacityProviderStrategy', 'capacity.launchType'])

interface PlanJson {
  actions: { kind: string; name: string; action: string; diff: { path: string }[] }[]
}

describe('import on moto', () => {
  it.runIf(targetName() === 'moto')(
    'import → validate clean → plan --adopt shows no changes',
    async () => {
      const endpoint = inject('motoEndpoint')
      const { ws, env } = await exampleOnMoto(endpoint)
      try {
        const apply = await runCli(['apply', '--no-wait', ws.manifests], { env })
        expect(apply.code, apply.stdout + apply.stderr).toBe(0)

        const out = join(ws.dir, 'imported')
        const imported = await runCli(['import', '--cluster', 'shop', '--namespace', 'shop', '--out', out], {
          env,
        })
        expect(imported.code, imported.stdout + imported.stderr).toBe(0)
        const validate = await runCli(['validate', out], { env })
        expect(validate.code, validate.stdout + validate.stderr).toBe(0)

        const plan = await runCli(['plan', '-o', 'json', '--adopt', out], { env })
        expect(plan.code, plan.stderr).toBe(0)
        const parsed = JSON.parse(plan.stdout) as PlanJson
        // moto runs no tasks, so its services stay below their desired count: `wait` (nothing to change) is all a plan may show.
        expect(
          parsed.actions
            .filter((a) => a.action !== 'noop' && a.action !== 'wait')
            .map((a) => ({ ...a, diff: a.diff.filter((d) => !MOTO_CAPACITY_GAP.has(d.path)) }))
            .filter((a) => a.action !== 'update' || a.diff.length > 0)
            .map((a) => `${a.kind} ${a.name} ${a.action}: ${a.diff.map((d) => d.path).join(', ')}`),
        ).toEqual([])
      } finally {
        ws.cleanup()
      }
    },
    120_000,
  )
})
