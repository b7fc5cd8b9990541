/**
 * @module Service revisions: ECS records one "when you create a service, or update a service property
 * that starts a deployment", keeps it immutable, reuses the last successful one for a rollback, and
 * deletes them with the service (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-revision.html).
 * DescribeServiceRevisions reads up to 20 of them by ARN (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServiceRevisions.html).
 */
import { ecsModel } from '../../aws-model/generated/ecs.js'
import { arn, type Handler, type HandlerContext } from '../context.js'
import { ecsErrors } from '../errors.js'
import { nextId, type EcsDeployment, type EcsService, type Json } from '../state.js'
import { tasksOf, serviceKey } from './lifecycle.js'

/** "You can specify a maximum of 20 ARNs" (DescribeServiceRevisions, serviceRevisionArns). */
const DESCRIBE_LIMIT = 20

/** Keeps only the members the model's ServiceRevision shape has. */
function revisionMembers(value: Json): Json {
  const members = ecsModel.shapes['ServiceRevision']?.members ?? {}
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => k in members && v !== undefined))
}

/** Records the revision a new deployment rolls out and links the deployment to it. */
export function recordRevision(ctx: HandlerContext, service: EcsService, deployment: EcsDeployment): void {
  const id = nextId(ctx.world, 19).replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))
  const revisionArn = arn(ctx, 'ecs', `service-revision/${service.clusterName}/${service.name}/${id}`)
  const s = service.settings
  service.revisions = {
    ...(service.revisions ?? {}),
    [revisionArn]: revisionMembers({
      serviceRevisionArn: revisionArn,
      serviceArn: service.arn,
      clusterArn: service.clusterArn,
      taskDefinition: deployment.taskDefinition,
      ...deployment.settings,
      loadBalancers: s['loadBalancers'],
      serviceRegistries: s['serviceRegistries'],
      serviceConnectConfiguration: deployment.serviceConnectConfiguration,
      createdAt: deployment.createdAt / 1000,
      monitoring: s['monitoring'],
    }),
  }
  deployment.serviceRevisionArn = revisionArn
}

/** `Service.currentServiceRevisions`: the revisions the service's deployments run, with their task counts. */
export function currentRevisions(ctx: HandlerContext, service: EcsService): Json[] {
  const tasks = tasksOf(ctx.world, serviceKey(service.clusterName, service.name))
  const byRevision = new Map<string, EcsDeployment[]>()
  for (const d of service.deployments) {
    if (d.serviceRevisionArn) {
      byRevision.set(d.serviceRevisionArn, [...(byRevision.get(d.serviceRevisionArn) ?? []), d])
    }
  }
  return [...byRevision].map(([revisionArn, deployments]) => {
    const ids = new Set(deployments.map((d) => d.id))
    const mine = tasks.filter((t) => ids.has(t.deploymentId))
    return {
      arn: revisionArn,
      requestedTaskCount: deployments.some((d) => d.status === 'PRIMARY')
        ? service.desiredCount
        : mine.filter((t) => t.lastStatus !== 'STOPPED').length,
      runningTaskCount: mine.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTaskCount: mine.filter((t) => t.lastStatus === 'PROVISIONING').length,
    }
  })
}

/** The service a revision ARN `…:service-revision/<cluster>/<service>/<id>` belongs to, if it still exists. */
function ownerOf(ctx: HandlerContext, revisionArn: string): EcsService | undefined {
  const [, cluster, name] = /:service-revision\/([^/]+)\/([^/]+)\/[^/]+$/.exec(revisionArn) ?? []
  const service = cluster && name ? ctx.world.ecs.services[serviceKey(cluster, name)] : undefined
  return service && service.status !== 'INACTIVE' ? service : undefined
}

const describeRevisions: Handler = (input, ctx) => {
  const arns = input['serviceRevisionArns']
  if (!Array.isArray(arns) || arns.length === 0) {
    throw ecsErrors.invalid('serviceRevisionArns should not be empty.')
  }
  if (arns.length > DESCRIBE_LIMIT) {
    throw ecsErrors.invalid(`serviceRevisionArns can have at most ${DESCRIBE_LIMIT} items.`)
  }
  const serviceRevisions: Json[] = []
  const failures: Json[] = []
  for (const revisionArn of arns.map(String)) {
    const revision = ownerOf(ctx, revisionArn)?.revisions?.[revisionArn]
    if (revision) serviceRevisions.push(revision)
    else failures.push({ arn: revisionArn, reason: 'MISSING' })
  }
  return { serviceRevisions, failures }
}

export const serviceRevisionHandlers: Record<string, Handler> = {
  DescribeServiceRevisions: describeRevisions,
}
