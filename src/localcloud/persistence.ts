/** @module The state file: loaded at start, written atomically (temp file + rename) after every mutation. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { emptyWorld, type World } from './state.js'

export function loadWorld(path: string | undefined): World {
  if (!path || !existsSync(path)) return emptyWorld()
  const text = readFileSync(path, 'utf8')
  if (text.trim() === '') return emptyWorld()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`local cloud state file ${path} is not valid JSON; delete it to start from an empty cloud`)
  }
  const world = parsed as Partial<World>
  if (world.version !== 1 || !world.ecs || !world.sd || !world.aas || !world.fis) {
    throw new Error(`local cloud state file ${path} has an unknown format; delete it to start from an empty cloud`)
  }
  return world as World
}

export function saveWorld(path: string | undefined, world: World): void {
  if (!path) return
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, `${JSON.stringify(world)}\n`)
  // rename is atomic on one file system: a reader sees the old file or the new one, never half of one.
  renameSync(temp, path)
}
