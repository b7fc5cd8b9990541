/**
 * @module `rollback` and `resume`: put a service back on an earlier revision under a hold, and lift it.
 * The hold is written before the UpdateService and kept if the rollback fails (hold.ts); the wait is
 * `apply`'s definition of steady: one deployment, ours, COMPLETED, running = desired.
 */
import type {
  ActualService,
  ActualTaskDefinition,
  CloudReaders,
  CloudWriters,
  IdentityReader,
} from '../../cloud/ports/index.js'
import type { ServiceResource } from '../../manifest/model.js'
import type { Clock } from '../../shared/clock.js'
import { ReconcilerError } from '../../shared/errors.js'
import { holdTagValue, manifestHash, TAG_HOLD, type Hold } from '../kinds/service/hold.js'
import { parseHookRecord, retryRecordValue, TAG_PRE_DEPLOY } from '../kinds/service/pre-deploy-hook.js'
import { TAG_COMPLETED } from '../ownership.js'

/** The newest ACTIVE revision of the family tagged completed, other than the one running now. */
export async function previousCompleted(
  readers: CloudReaders,
  current: string,
): Promise<ActualTaskDefinition> {
  const family = /:task-definition\/([^:/]+):\d+$/.exec(current)?.[1] ?? current
  const revisions = await readers.ecs.listTaskDefinitionRevisions(family)
  const target = revisions
    .filter((r) => r.arn !== current && r.tags[TAG_COMPLETED] !== undefined)
    .sort((a, b) => b.revision - a.revision)[0]
  const td = target ? await readers.ecs.describeTaskDefinition(target.arn) : undefined
  if (!td) {
    throw new ReconcilerError('NOT_FOUND', `no earlier completed revision of ${family} to roll back to`, {
      hint: 'name one with --to-revision N',
    })
  }
  return td
}

export interface RollbackRun {
  readonly readers: CloudReaders
  readonly writers: CloudWriters
  readonly identity: IdentityReader
  readonly clock: Clock
  readonly pollMs: number
  readonly timeoutMs: number
  readonly onProgress?: (service: ActualService) => void
}

/** Places the hold, points the service at `target`, waits; the hold stays whatever the outcome. */
export async function rollBack(
  run: RollbackRun,
  resource: ServiceResource,
  live: ActualService,
  target: ActualTaskDefinition,
): Promise<{ hold: Hold; steady: ActualService }> {
  const hold: Hold = {
    revision: target.revision,
    since: new Date(run.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
    by: await run.identity.callerArn(),
    manifestHash: manifestHash(resource),
  }
  await run.writers.ecs.tagResource(live.arn, { [TAG_HOLD]: holdTagValue(hold) })
  await run.writers.ecs.updateService({
    cluster: resource.cluster,
    service: resource.name,
    taskDefinition: target.arn,
  })
  return { hold, steady: await waitRolledBack(run, resource, target.arn) }
}

async function waitRolledBack(
  run: RollbackRun,
  resource: ServiceResource,
  arn: string,
): Promise<ActualService> {
  const started = run.clock.now()
  for (;;) {
    const [service] = await run.readers.ecs.describeServices(resource.cluster, [resource.name])
    const primary = service?.deployments.find((d) => d.status === 'PRIMARY')
    if (service && primary?.taskDefinition === arn) {
      run.onProgress?.(service)
      if (primary.rolloutState === 'FAILED') {
        throw new ReconcilerError(
          'CLOUD_ERROR',
          `rollback deployment failed: ${primary.rolloutStateReason ?? 'rollout FAILED'}`,
        )
      }
      const steady = service.deployments.length === 1 && (primary.rolloutState ?? 'COMPLETED') === 'COMPLETED'
      if (steady && service.runningCount === service.desiredCount) return service
    }
    const elapsed = run.clock.now() - started
    if (elapsed >= run.timeoutMs) {
      throw new ReconcilerError(
        'TIMEOUT',
        `service ${resource.name} not steady on ${arn.split('/').pop() ?? arn} after ${Math.round(elapsed / 1000)}s`,
      )
    }
    await run.clock.sleep(Math.min(run.pollMs, run.timeoutMs - elapsed))
  }
}

/** What `resume` lifted: the hold, and a failed pre-deploy hook's record (the hook then runs again). */
export interface Resumed {
  readonly hold: boolean
  readonly failedHook: boolean
}

/** Removes the hold, and marks a failed pre-deploy hook to be run again (as a new attempt). */
export async function resumeService(writers: CloudWriters, live: ActualService): Promise<Resumed> {
  const hook = parseHookRecord(live.tags[TAG_PRE_DEPLOY])
  const resumed = { hold: live.tags[TAG_HOLD] !== undefined, failedHook: hook?.result === 'failed' }
  if (resumed.hold) await writers.ecs.untagResource(live.arn, [TAG_HOLD])
  if (hook && resumed.failedHook) {
    await writers.ecs.tagResource(live.arn, { [TAG_PRE_DEPLOY]: retryRecordValue(hook) })
  }
  return resumed
}
