/** @module The chaos lines of `plan`: each schedule's next run, in its zone and in UTC. */
import { nextRuns } from '../../chaos/cron.js'
import { localTime } from '../../chaos/runner.js'
import type { ManifestSet } from '../../manifest/model.js'

export function chaosNextRuns(set: ManifestSet, now: number): string {
  return set.byKind.ChaosSchedule.map((s) => {
    const zone = s.spec.timezone ?? 'UTC'
    const [next] = nextRuns(s.spec.schedule, zone, now, 1)
    const when =
      next === undefined
        ? 'no next run'
        : `next run ${localTime(next, zone)} (${new Date(next).toISOString()})`
    return `Chaos ${s.metadata.name}: ${s.spec.suspend === true ? 'suspended; ' : ''}${when}\n`
  }).join('')
}
