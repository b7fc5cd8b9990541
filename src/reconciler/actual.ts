/** @module Live state as read for one pass: the input of the planner next to the manifests. */
import type {
  ActualCluster,
  ActualExperimentTemplate,
  ActualNamespace,
  ActualService,
  ActualTaskDefinition,
  ScalingState,
  TaskDefinitionRevision,
} from '../cloud/ports/index.js'

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

export interface ActualState {
  readonly namespaces: readonly ActualNamespace[]
  /** ACTIVE clusters by name. */
  readonly clusters: ReadonlyMap<string, ActualCluster>
  /** Services by `cluster/name`: the ones the manifests name, plus (when listed) every managed one. */
  readonly services: ReadonlyMap<string, LiveService>
  /** Scaling state by resource id `service/<cluster>/<service>`. */
  readonly scaling: ReadonlyMap<string, ScalingState>
  readonly experimentTemplates: readonly ActualExperimentTemplate[]
  /** Clusters whose every service was listed, so absent managed services there are known to be gone. */
  readonly listedClusters: ReadonlySet<string>
  /** ACTIVE revisions with tags, by family: only families of our services beyond the retention limit are listed. */
  readonly taskDefinitionRevisions: ReadonlyMap<string, readonly TaskDefinitionRevision[]>
}

export const serviceKey = (cluster: string, name: string): string => `${cluster}/${name}`

export function emptyActualState(): ActualState {
  return {
    namespaces: [],
    clusters: new Map(),
    services: new Map(),
    scaling: new Map(),
    experimentTemplates: [],
    listedClusters: new Set(),
    taskDefinitionRevisions: new Map(),
  }
}
