/** @module Verify manifest resources against the account: one batched read per kind, then the pure checks. */
import { ecrImageKey, type AccountReader } from '../cloud/ports/index.js'
import type { ManifestResource } from '../manifest/model.js'
import { judgeProbes, probesOf, wantedReads } from './evaluate.js'
import type { AccountFacts, VerifyCheck, VerifyContext } from './types.js'

export async function readAccount(
  reader: AccountReader,
  wanted: ReturnType<typeof wantedReads>,
): Promise<AccountFacts> {
  const none = new Map()
  const read = <T>(keys: readonly unknown[], fn: () => Promise<ReadonlyMap<string, T>>) =>
    keys.length === 0 ? Promise.resolve(none as ReadonlyMap<string, T>) : fn()
  const [roles, images, secrets, parameters, logGroups, subnets, securityGroups, targetGroups, alarms] =
    await Promise.all([
      read(wanted.roles, () => reader.getRoles(wanted.roles)),
      read(wanted.images, () => reader.describeImages(wanted.images)),
      read(wanted.secrets, () => reader.describeSecrets(wanted.secrets)),
      read(wanted.parameters, () => reader.describeParameters(wanted.parameters)),
      read(wanted.logGroups, () => reader.describeLogGroups(wanted.logGroups)),
      read(wanted.subnets, () => reader.describeSubnets(wanted.subnets)),
      read(wanted.securityGroups, () => reader.describeSecurityGroups(wanted.securityGroups)),
      read(wanted.targetGroups, () => reader.describeTargetGroups(wanted.targetGroups)),
      read(wanted.alarms, () => reader.describeAlarms(wanted.alarms)),
    ])
  // Pull-through cache rules only explain an image that is not there yet: read them for those registries only.
  const registries = [
    ...new Set(
      wanted.images.filter((i) => images.get(ecrImageKey(i))?.state !== 'found').map((i) => i.registryId),
    ),
  ].filter((id) => wanted.pullThrough.includes(id))
  const pullThrough = await read(registries, () => reader.pullThroughCachePrefixes(registries))
  return {
    roles,
    images,
    pullThrough,
    secrets,
    parameters,
    logGroups,
    subnets,
    securityGroups,
    targetGroups,
    alarms,
  }
}

/** The checks of the given resources, in manifest order. */
export async function verifyResources(
  resources: readonly ManifestResource[],
  reader: AccountReader,
  context: VerifyContext,
): Promise<VerifyCheck[]> {
  const probes = probesOf(resources, context)
  const facts = await readAccount(reader, wantedReads(probes))
  return judgeProbes(probes, facts)
}

export function failedChecks(checks: readonly VerifyCheck[]): VerifyCheck[] {
  return checks.filter((c) => c.status === 'failed')
}
