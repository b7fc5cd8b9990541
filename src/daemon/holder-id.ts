/** @module Who this replica is, in a lease: the ECS task ARN when running as a task, else host, pid and a random suffix. */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

/**
 * The task metadata endpoint v4 (`ECS_CONTAINER_METADATA_URI_V4`) answers `/task` with the task's
 * `TaskARN`; anything that goes wrong there falls back to a local id, which is just as unique.
 */
export async function holderId(
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<string> {
  const base = env['ECS_CONTAINER_METADATA_URI_V4']
  if (base) {
    try {
      const res = await fetchImpl(`${base}/task`, { signal: AbortSignal.timeout(2_000) })
      const body = (await res.json()) as { TaskARN?: unknown }
      if (res.ok && typeof body.TaskARN === 'string' && body.TaskARN.length > 0) return body.TaskARN
    } catch {
      // Fall through to the local id.
    }
  }
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
}
