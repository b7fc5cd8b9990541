/**
 * @module What a Service manifest renders on its own — its task definition, that content's hash and
 * the manifest's hash — computed once per manifest object. The daemon keeps the objects of unchanged
 * manifests from one pass to the next, so a resync renders only what changed. Manifest objects are
 * never modified after loading, which is what makes the memo safe.
 */
import type { TaskDefinitionContent } from '../../../cloud/ports/index.js'
import type { ServiceResource } from '../../../manifest/model.js'
import { desiredTaskDefinition } from './desired.js'
import { manifestHash } from './hold.js'
import { taskDefinitionHash } from './task-definition-tag.js'

export interface RenderedService {
  readonly taskDefinition: TaskDefinitionContent
  readonly taskDefinitionHash: string
  readonly manifestHash: string
}

const rendered = new WeakMap<ServiceResource, RenderedService>()

export function renderedService(service: ServiceResource): RenderedService {
  let entry = rendered.get(service)
  if (!entry) {
    const taskDefinition = desiredTaskDefinition(service)
    entry = {
      taskDefinition,
      taskDefinitionHash: taskDefinitionHash(taskDefinition),
      manifestHash: manifestHash(service),
    }
    rendered.set(service, entry)
  }
  return entry
}
