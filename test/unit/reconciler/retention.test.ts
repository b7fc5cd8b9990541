/**
 * Task-definition retention in the plan (docs/reconciling.md): revisions of ours beyond --keep-revisions are
 * deregistered as planned deletes, without --prune, fenced by --max-deletes and by a failed manifest;
 * never one a deployment of any observed service uses, one we did not register, or one holding the
 * content a manifest renders now (the executor may reuse it in this very pass).
 */
import { describe, expect, it } from 'vitest'
import type { TaskDefinitionRevision } from '../../../src/cloud/ports/index.js'
import type { ActualState } from '../../../src/reconciler/actual.js'
import { emptyActualState } from '../../../src/reconciler/kinds/registry.js'
import { serviceKey } from '../../../src/reconciler/kinds/service/live.js'
import { TAG_CONTENT_HASH, TAG_MANAGED_BY } from '../../../src/reconciler/ownership.js'
import { buildPlan, type PlanOptions } from '../../../src/reconciler/plan/build-plan.js'
import { countChanges, type Plan } from '../../../src/reconciler/plan/types.js'
import { shopLiveState } from '../../support/shop-live.js'
import { loadExample } from '../../support/manifests.js'

const OPTIONS: PlanOptions = {
  instance: 'ecs-reconciler',
  revision: 'abc123',
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  manifestsFailed: false,
}
const ARN = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/ledger:${n}`

function plan(actual: ActualState, options: Partial<PlanOptions> = {}): Plan {
  const { set, graph } = loadExample()
  return buildPlan(set, graph, actual, { ...OPTIONS, ...options })
}

/** The applied example, with ledger's family holding revisions 1–16 (the service runs 1). */
function withLedgerHistory(
  desiredHash: string,
  extra: (actual: ActualState) => ActualState = (a) => a,
): ActualState {
  const applied = shopLiveState()
  const revisions: TaskDefinitionRevision[] = Array.from({ length: 16 }, (_, i) => {
    const n = i + 1
    const tags =
      n === 3
        ? { team: 'someone-else' } // registered by someone else
        : n === 5
          ? { [TAG_MANAGED_BY]: 'other-instance', [TAG_CONTENT_HASH]: 'h5' }
          : n === 4
            ? { [TAG_MANAGED_BY]: 'ecs-reconciler', [TAG_CONTENT_HASH]: desiredHash } // what the manifest renders now
            : { [TAG_MANAGED_BY]: 'ecs-reconciler', [TAG_CONTENT_HASH]: `h${n}` }
    return { arn: ARN(n), revision: n, tags }
  })
  return extra({ ...applied, TaskDefinitionRevision: new Map([['ledger', revisions]]) })
}

const retired = (p: Plan) => p.actions.filter((a) => a.kind === 'TaskDefinitionRevision').map((a) => a.name)

describe('task-definition retention', () => {
  const desiredHash = (() => {
    const ledger = plan(emptyActualState()).actions.find((a) => a.id === 'Service/shop/ledger')?.payload
    return ledger?.type === 'Service' ? ledger.taskDefinitionHash : ''
  })()

  it('deletes ours beyond the newest 10, oldest first, without --prune; keeps the one in use, foreign ones and the desired content', () => {
    const p = plan(withLedgerHistory(desiredHash))
    // Ours: 1, 2, 4, 6–16; the newest ten are 7–16. Beyond: 6, 4, 2, 1 — 1 runs, 4 is what ledger renders.
    expect(retired(p)).toEqual(['ledger:2', 'ledger:6'])
    const deletes = p.actions.filter((a) => a.kind === 'TaskDefinitionRevision')
    expect(
      deletes.every((a) => a.action === 'delete' && a.live?.arn === ARN(Number(a.name.split(':')[1]))),
    ).toBe(true)
    expect(deletes[0]?.reasons).toEqual([
      'beyond the revisions kept (--keep-revisions) and used by no deployment',
    ])
    // After every other action: nothing is retired before the services it belonged to moved on.
    const others = p.actions.filter((a) => a.kind !== 'TaskDefinitionRevision')
    expect(Math.min(...deletes.map((a) => a.wave))).toBeGreaterThan(Math.max(...others.map((a) => a.wave)))
    expect(countChanges(p)).toBe(2)
    expect(p.prune).toMatchObject({ requested: false, candidates: [], blocked: [] })
  })

  it('never deletes a revision a deployment of any observed service uses', () => {
    const actual = withLedgerHistory(desiredHash, (a) => {
      const services = new Map(a.Service.services)
      const key = serviceKey('shop', 'payments')
      const payments = services.get(key)!
      // A payments deployment still draining on ledger:6 (someone pointed it there).
      services.set(key, {
        ...payments,
        service: {
          ...payments.service,
          deployments: [
            ...payments.service.deployments,
            { ...payments.service.deployments[0]!, id: 'old', status: 'ACTIVE', taskDefinition: ARN(6) },
          ],
        },
      })
      return { ...a, Service: { ...a.Service, services } }
    })
    expect(retired(plan(actual))).toEqual(['ledger:2'])
  })

  it('keeps what --keep-revisions says', () => {
    expect(retired(plan(withLedgerHistory(desiredHash), { keepRevisions: 14 }))).toEqual([])
    // Ten are due (2, 6–14); --max-deletes 5 lets the oldest five go in this pass.
    expect(retired(plan(withLedgerHistory(desiredHash), { keepRevisions: 2 }))).toEqual([
      'ledger:2',
      'ledger:6',
      'ledger:7',
      'ledger:8',
      'ledger:9',
    ])
  })

  it('shares --max-deletes with the prune: the oldest go first, the rest wait for a later pass', () => {
    const p = plan(withLedgerHistory(desiredHash), { maxDeletes: 1 })
    expect(retired(p)).toEqual(['ledger:2'])
    expect(p.warnings).toContain(
      '1 more old task-definition revision(s) wait for a later pass (--max-deletes 1)',
    )
    expect(retired(plan(withLedgerHistory(desiredHash), { maxDeletes: 0, force: true }))).toEqual([
      'ledger:2',
      'ledger:6',
    ])
  })

  it('retires nothing while a manifest fails to load', () => {
    const p = plan(withLedgerHistory(desiredHash), { manifestsFailed: true })
    expect(retired(p)).toEqual([])
    expect(p.warnings).toContain(
      '2 old task-definition revision(s) not deregistered: some manifests failed to load',
    )
  })
})
