/**
 * The shop example applied to a local cloud on a manual clock, with a clock the reconciler and the
 * chaos scheduler share: sleeping advances both, so rollouts and experiments run without waiting.
 */
import { createAwsCloud } from '../../src/cloud/aws/create-cloud.js'
import type { Cloud } from '../../src/cloud/ports/index.js'
import {
  ChaosRunner,
  type ChaosEnvironment,
  type ChaosRunEvent,
  type DecidedSlotStore,
} from '../../src/chaos/runner.js'
import type { ManifestSet } from '../../src/manifest/model.js'
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js'
import { executePlan } from '../../src/reconciler/execute/executor.js'
import type { ActionResult } from '../../src/reconciler/execute/types.js'
import { planPass } from '../../src/reconciler/pass.js'
import { CLOUD_EPOCH, steppedClock, type SteppedClock } from './driven-clock.js'
import { loadExample } from './manifests.js'

export { CLOUD_EPOCH } from './driven-clock.js'

/**
 * The example's schedule every five minutes, in UTC, so slots fall on round times from the epoch,
 * with a 30 s starting deadline (the apply before the first tick does not leave a slot due) and
 * a five-minute CPU stress, so a run is still going at the next slot.
 */
export function chaosEvery5Minutes(file: string, text: string): string {
  if (!file.endsWith('chaos.yaml')) return text
  return text
    .replace(/schedule: "[^"]*"\n {2}timezone: [^\n]*/, 'schedule: "*/5 * * * *"\n  timezone: UTC')
    .replace(/startingDeadlineSeconds: \d+/, 'startingDeadlineSeconds: 30')
    .replace(/duration: PT\d+M/, 'duration: PT5M')
}

/** Moves the world's clock to `minutes`:`seconds` after the epoch. */
export function atMinute(world: ChaosWorld, minutes: number, seconds = 0): void {
  world.clock.advance((CLOUD_EPOCH + minutes * 60_000 + seconds * 1000 - world.clock.now()) / 1000)
}

/** The FIS template of the ChaosSchedule `name`, as the reconciler created it. */
export async function scheduleTemplate(world: ChaosWorld, name: string) {
  return (await world.cloud.readers.fis.listExperimentTemplates()).find(
    (t) => t.tags['ecs-reconciler:resource'] === `ChaosSchedule/${name}`,
  )
}

/** A chaos scheduler of instance `ecs-reconciler` on the world's cloud and clock, as one daemon replica runs it. */
export function chaosRunner(
  world: ChaosWorld,
  onRun: (event: ChaosRunEvent) => void,
  decided?: DecidedSlotStore,
): ChaosRunner {
  return new ChaosRunner({
    readers: world.cloud.readers,
    writers: world.cloud.writers,
    clock: world.clock,
    instance: 'ecs-reconciler',
    onRun,
    ...(decided ? { decided } : {}),
  })
}

export interface ChaosWorld {
  readonly server: LocalCloud
  readonly cloud: Cloud
  readonly clock: SteppedClock
  set: ManifestSet
  /** Plans and executes the current set (as `apply`). */
  apply(edit?: (file: string, text: string) => string): Promise<ActionResult[]>
  env(overrides?: Partial<Omit<ChaosEnvironment, 'set'>>): ChaosEnvironment
  close(): Promise<void>
}

export async function chaosWorld(
  edit: (file: string, text: string) => string = chaosEvery5Minutes,
): Promise<ChaosWorld> {
  const server = await startLocalCloud({
    clock: 'manual',
    timing: { taskStartSeconds: 10, drainSeconds: 5, namespaceCreateSeconds: 1 },
  })
  const cloud = createAwsCloud({ readOnly: false, endpoint: server.endpoint, region: 'us-east-1' })
  const clock = steppedClock(server)
  const world: ChaosWorld = {
    server,
    cloud,
    clock,
    set: loadExample(edit).set,
    async apply(next) {
      const loaded = loadExample(next ?? edit)
      world.set = loaded.set
      const { plan } = await planPass(loaded.set, loaded.graph, cloud.readers, {
        instance: 'ecs-reconciler',
        revision: 'r1',
        prune: false,
        adopt: false,
        maxDeletes: 5,
        force: false,
        manifestsFailed: false,
      })
      return executePlan(plan, {
        readers: cloud.readers,
        writers: cloud.writers!,
        clock,
        wait: true,
        timeoutMs: 600_000,
        pollMs: 1000,
        concurrency: 4,
        allowReplace: false,
      })
    },
    env: (overrides = {}) => ({
      set: world.set,
      reconcilerStatus: () => undefined,
      changeInFlight: () => false,
      ...overrides,
    }),
    async close() {
      cloud.close()
      await server.close()
    },
  }
  return world
}
