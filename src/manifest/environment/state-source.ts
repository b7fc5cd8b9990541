/**
 * @module The Environment's Terraform state: a local file (relative to the Environment file) or an
 * S3 object (`s3://bucket/key`), read once per load. An S3 state is read only when a reference
 * needs it, and not at all when the load may not call AWS (`validate` without `--lookups`).
 */
import { resolve } from 'node:path'
import type { LookupReader } from '../../cloud/ports/index.js'
import type { LoaderFs } from '../load/loader-fs.js'
import type { StateSource } from './lookups.js'
import { checkState } from './tfstate.js'

const S3_URL = /^s3:\/\/([^/]+)\/(.+)$/

export function isS3State(tfstate: string | undefined): boolean {
  return tfstate !== undefined && tfstate.startsWith('s3://')
}

export async function readStateSource(
  tfstate: string,
  dir: string,
  fs: LoaderFs,
  reader: LookupReader | undefined,
): Promise<StateSource> {
  if (!isS3State(tfstate)) return parseState(resolve(dir, tfstate), () => fs.readFile(resolve(dir, tfstate)))
  const url = S3_URL.exec(tfstate)
  if (!url) return { error: `${tfstate} is not s3://BUCKET/KEY` }
  if (!reader) return { deferred: true }
  const [, bucket = '', key = ''] = url
  const read = await reader.getObjectText(bucket, key)
  if (read.state === 'missing') return { error: `the Terraform state ${tfstate} does not exist` }
  if (read.state === 'unreadable') {
    const grant = read.denied && !/kms:Decrypt/.test(read.detail) ? ' (grant s3:GetObject on it)' : ''
    return { error: `cannot read the Terraform state ${tfstate}: ${read.detail}${grant}` }
  }
  return parseState(tfstate, () => Promise.resolve(read.value))
}

async function parseState(shown: string, read: () => Promise<Buffer | string>): Promise<StateSource> {
  let state: unknown
  try {
    const raw = await read()
    state = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'))
  } catch (err) {
    return {
      error: `cannot read the Terraform state ${shown}: ${err instanceof Error ? err.message : String(err)}`,
    }
  }
  const problem = checkState(state)
  return problem
    ? { error: `Terraform state ${shown}: ${problem}` }
    : { state: state as Record<string, unknown> }
}
