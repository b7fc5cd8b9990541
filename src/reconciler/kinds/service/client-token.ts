/** @module The CreateService idempotency token: the same create always sends the same one. Pure. */
import { createHash } from 'node:crypto'
import type { CreateServiceInput } from '../../../cloud/ports/index.js'
import { stableJson } from '../../diff/diff.js'

/** ECS takes up to 36 ASCII characters (CreateService `clientToken`, https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html); hex is safe. */
const TOKEN_LENGTH = 36

/**
 * A hash of everything the create sends (cluster, name, task-definition ARN, settings, tags with the
 * owning instance), so a retry of the same create matches and a different create never does: ECS
 * refuses a reused token with other parameters.
 */
export function createServiceToken(input: Omit<CreateServiceInput, 'clientToken'>): string {
  return createHash('sha256').update(stableJson(input)).digest('hex').slice(0, TOKEN_LENGTH)
}
