/**
 * @module `import --out` into an environment folder: the folder's Environment document composes its
 * bases (references resolved with its variables), and the imported documents are written as patches
 * against them; the environment decides the region as it does for `plan`.
 */
import { stat } from 'node:fs/promises'
import type { LookupReader } from '../cloud/ports/index.js'
import type { BaseDocument } from '../import/environment-patches.js'
import {
  loadEnvironment,
  mayHoldEnvironment,
  type EnvironmentInfo,
} from '../manifest/environment/load-environment.js'
import { readManifestFiles } from '../manifest/load/read-files.js'
import { DEFAULT_CLUSTER } from '../manifest/validate.js'
import { ReconcilerError } from '../shared/errors.js'

export interface OutEnvironment {
  readonly environment: EnvironmentInfo
  readonly bases: BaseDocument[]
}

/**
 * The environment `out` holds, with its bases composed; undefined for a plain or new folder. With
 * `lookups`, the bases' `${ssm:…}`, `${cfn:…}` and S3-state references are resolved, so that a base
 * value that reads what is live is no difference; without, they stay as written.
 */
export async function environmentOfOut(
  out: string,
  cwd = process.cwd(),
  lookups?: () => Promise<LookupReader>,
): Promise<OutEnvironment | undefined> {
  const isFolder = await stat(out).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!isFolder) return undefined
  const read = await readManifestFiles([out], cwd)
  // Only the Environment's own file: the folder's other documents are what import writes.
  const environmentFiles = read.files.filter((file) => mayHoldEnvironment([file]))
  if (environmentFiles.length === 0) return undefined
  const loaded = await loadEnvironment(environmentFiles, {
    cwd,
    defaultCluster: DEFAULT_CLUSTER,
    ...(lookups ? { lookups } : {}),
  })
  if (!loaded) return undefined
  const error = loaded.issues.find((issue) => issue.severity === 'error')
  if (error || !loaded.environment) {
    const at = error ? `${error.position.file}:${error.position.line}:${error.position.col}: ` : ''
    throw new ReconcilerError(
      'INVALID_INPUT',
      `--out ${out} holds an Environment that does not load: ${at}${error?.message ?? 'no Environment'}`,
      { hint: `fix it (ecs-reconciler validate ${out} lists every problem), or import into another folder` },
    )
  }
  const bases = loaded.documents.map((doc) => {
    const p = doc.source.positionOf([])
    return { value: doc.value, at: `${p.file}:${p.line}` }
  })
  return { environment: loaded.environment, bases }
}
