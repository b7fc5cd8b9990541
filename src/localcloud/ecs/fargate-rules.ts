/**
 * @module The size limit of any task definition; the members Fargate refuses are listed once in
 * src/aws-model/fargate.ts (both the manifest schema and the local cloud read it).
 */
import type { Json } from '../state.js'

export { fargateRefusals } from '../../aws-model/fargate.js'

/** "Task definition size: 64 KiB" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html). */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024

/** The request's task definition (tags are not part of it) in bytes as JSON. */
export function taskDefinitionBytes(input: Json): number {
  const { tags: _tags, ...definition } = input
  return Buffer.byteLength(JSON.stringify(definition), 'utf8')
}
