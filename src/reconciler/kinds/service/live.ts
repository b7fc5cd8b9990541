/** @module The Service kind's part of the live state: `actual.Service`. */
import type { ActualService, ActualTaskDefinition, ScalingState } from '../../../cloud/ports/index.js'

export interface LiveService {
  readonly service: ActualService
  /** The task definition the service runs (its PRIMARY deployment's), when it was read. */
  readonly taskDefinition: ActualTaskDefinition | undefined
  /**
   * Set instead of reading it when the service's task-definition tag records, for the revision its
   * PRIMARY deployment runs, the same content hash as the manifest renders: the content is known equal.
   */
  readonly taskDefinitionHash?: string
  /** Why its task definition could not be read (after the SDK's retries): the service is unknown in this pass. */
  readonly readError?: string
}

export interface LiveServices {
  /** Services by `cluster/name`: the ones the manifests name, plus (when listed) every managed one. */
  readonly services: ReadonlyMap<string, LiveService>
  /** Scaling state by resource id `service/<cluster>/<service>`. */
  readonly scaling: ReadonlyMap<string, ScalingState>
  /** Clusters whose every service was listed, so absent managed services there are known to be gone. */
  readonly listedClusters: ReadonlySet<string>
}

declare module '../../actual.js' {
  interface LiveStateByKind {
    readonly Service: LiveServices
  }
}

export const serviceKey = (cluster: string, name: string): string => `${cluster}/${name}`

export function noLiveServices(): LiveServices {
  return { services: new Map(), scaling: new Map(), listedClusters: new Set() }
}
