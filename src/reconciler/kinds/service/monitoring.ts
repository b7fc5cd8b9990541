/**
 * @module A service's monitoring, which DescribeServices does not report: only its service revision
 * does (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRevision.html). Read only
 * for the services that need it, 20 revisions a call.
 */
import type {
  ActualService,
  ActualServiceRevision,
  CloudReaders,
  MonitoringConfiguration,
} from '../../../cloud/ports/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { TAG_MONITORING } from '../../ownership.js'
import { serviceKey, type LiveService } from './live.js'

/**
 * The monitoring each service's newest current revision holds (the one its deployment rolls towards),
 * by service ARN; absent when the service has no readable revision or the revision has no monitoring.
 */
export async function readMonitoring(
  readers: CloudReaders,
  services: readonly ActualService[],
): Promise<Map<string, MonitoringConfiguration>> {
  const arns = services.flatMap((s) => s.currentServiceRevisions ?? [])
  const found = new Map<string, MonitoringConfiguration>()
  if (arns.length === 0) return found
  const newest = new Map<string, ActualServiceRevision>()
  for (const revision of await readers.ecs.describeServiceRevisions(arns)) {
    const seen = newest.get(revision.serviceArn)
    if (!seen || (revision.createdAt ?? '') > (seen.createdAt ?? '')) {
      newest.set(revision.serviceArn, revision)
    }
  }
  for (const [serviceArn, revision] of newest) {
    if (revision.monitoring) found.set(serviceArn, revision.monitoring)
  }
  return found
}

/** The service with its monitoring set, when it has any. */
export function withMonitoring(
  service: ActualService,
  monitoring: MonitoringConfiguration | undefined,
): ActualService {
  return monitoring ? { ...service, monitoring } : service
}

/**
 * Reads the monitoring of the services the manifests name that declare it or that the reconciler last
 * applied with it (TAG_MONITORING): a service that never used monitoring costs no call.
 */
export async function observeMonitoring(
  services: Map<string, LiveService>,
  named: readonly ServiceResource[],
  readers: CloudReaders,
): Promise<void> {
  const declared = new Set(
    named.filter((s) => s.spec.monitoring !== undefined).map((s) => serviceKey(s.cluster, s.name)),
  )
  const namedKeys = new Set(named.map((s) => serviceKey(s.cluster, s.name)))
  const wanted = [...services].filter(
    ([key, entry]) =>
      declared.has(key) || (namedKeys.has(key) && entry.service.tags[TAG_MONITORING] !== undefined),
  )
  if (wanted.length === 0) return
  const found = await readMonitoring(
    readers,
    wanted.map(([, entry]) => entry.service),
  )
  for (const [key, entry] of wanted) {
    services.set(key, { ...entry, service: withMonitoring(entry.service, found.get(entry.service.arn)) })
  }
}
