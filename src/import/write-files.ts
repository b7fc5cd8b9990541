/** @module Writes imported manifests under a folder, refusing to overwrite a file unless forced. */
import { access, chmod, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ReconcilerError } from '../shared/errors.js'
import type { ImportedFile } from './render-import.js'

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  )

/** Imported files may hold environment values (passwords in plain variables): owner read/write only. */
export const IMPORTED_FILE_MODE = 0o600

/** Checks every target first, so a refusal writes nothing at all. */
export async function writeImportedFiles(
  outDir: string,
  files: readonly ImportedFile[],
  force: boolean,
): Promise<string[]> {
  const targets = files.map((f) => ({ path: join(outDir, f.path), text: f.text }))
  if (!force) {
    const taken = (
      await Promise.all(targets.map(async (t) => ((await exists(t.path)) ? t.path : undefined)))
    ).filter((p): p is string => p !== undefined)
    if (taken.length > 0) {
      throw new ReconcilerError(
        'CONFLICT',
        `import would overwrite ${taken.length} existing file(s): ${taken.join(', ')}`,
        { hint: 'choose another --out folder, or pass --force to overwrite them' },
      )
    }
  }
  for (const t of targets) {
    await mkdir(dirname(t.path), { recursive: true })
    await writeFile(t.path, t.text, { mode: IMPORTED_FILE_MODE })
    // `mode` applies only when the file is created; an overwritten file (--force) keeps its own.
    await chmod(t.path, IMPORTED_FILE_MODE)
  }
  return targets.map((t) => t.path)
}
