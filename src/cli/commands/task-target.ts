/** @module What `task run` and `rollback` act on: the live service of a manifest, and a revision of its family. */
import type { ActualTaskDefinition, EcsReader, ActualService } from '../../cloud/ports/index.js'
import type { ServiceResource } from '../../manifest/model.js'
import { ownershipOf } from '../../reconciler/ownership.js'
import { ReconcilerError } from '../../shared/errors.js'

/** The service as ECS has it; refused when it is not deployed or not this instance's. */
export async function resolveLiveService(
  ecs: EcsReader,
  resource: ServiceResource,
  instance: string,
): Promise<ActualService> {
  const [live] = await ecs.describeServices(resource.cluster, [resource.name])
  if (!live) {
    throw new ReconcilerError(
      'NOT_FOUND',
      `service ${resource.name} is not deployed in cluster ${resource.cluster}`,
      {
        hint: 'apply the manifests first',
      },
    )
  }
  if (ownershipOf(live.tags, instance) !== 'ours') {
    throw new ReconcilerError(
      'CONFLICT',
      `service ${resource.name} in cluster ${resource.cluster} is not managed by instance "${instance}"`,
      {
        hint: 'pass the --instance that manages it',
      },
    )
  }
  return live
}

/** `family:N` of the current revision's family, or the current revision itself; an INACTIVE one is refused by name. */
export async function resolveRevision(
  ecs: EcsReader,
  current: string,
  revision: number | undefined,
): Promise<ActualTaskDefinition> {
  const family = /:task-definition\/([^:/]+):\d+$/.exec(current)?.[1] ?? current
  const ref = revision === undefined ? current : `${family}:${revision}`
  const td = await ecs.describeTaskDefinition(ref)
  if (!td) throw new ReconcilerError('NOT_FOUND', `task definition ${ref} does not exist`)
  if (td.status !== 'ACTIVE') {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `task definition ${td.family}:${td.revision} is ${td.status}`,
      {
        hint: 'ECS runs no new tasks from an INACTIVE revision; name an ACTIVE one',
      },
    )
  }
  return td
}

/** The Service of that name in the manifests; `--cluster` (given explicitly) decides between clusters. */
export function findService(
  services: readonly ServiceResource[],
  name: string,
  cluster: string,
  explicit: boolean,
): ServiceResource {
  const named = services.filter((s) => s.name === name)
  const inCluster = named.length > 1 || explicit ? named.filter((s) => s.cluster === cluster) : named
  if (inCluster.length === 1) return inCluster[0]!
  if (named.length > 1) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `service "${name}" is in clusters ${named.map((s) => s.cluster).join(', ')}`,
      {
        hint: 'pass --cluster to say which',
      },
    )
  }
  const known = services.map((s) => s.name)
  throw new ReconcilerError(
    'NOT_FOUND',
    `no Service named "${name}"${explicit ? ` in cluster ${cluster}` : ''} in the manifests`,
    {
      hint: known.length > 0 ? `known services: ${known.join(', ')}` : 'the manifests declare no Service',
    },
  )
}
