/**
 * @module The state file: loaded at start; changes are written coalesced, at most once per interval
 * and once more on close, each write atomic (temp file + rename).
 */
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
    throw new Error(
      `local cloud state file ${path} is not valid JSON; delete it to start from an empty cloud`,
    )
  }
  const world = parsed as Partial<World>
  if (world.version !== 1 || !world.ecs || !world.sd || !world.aas || !world.fis) {
    throw new Error(
      `local cloud state file ${path} has an unknown format; delete it to start from an empty cloud`,
    )
  }
  // State files written before the account services existed lack their areas: they start empty.
  return { ...emptyWorld(), ...world }
}

/** Writes the whole world; returns the bytes written. */
export function saveWorld(path: string, world: World): number {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  const text = `${JSON.stringify(world)}\n`
  writeFileSync(temp, text)
  // rename is atomic on one file system: a reader sees the old file or the new one, never half of one.
  renameSync(temp, path)
  return Buffer.byteLength(text)
}

export interface StateWriterOptions {
  /** The shortest time between two writes. */
  readonly intervalMs: number
  /** Told of every write, with its size. */
  readonly onWrite?: (bytes: number) => void
}

/** Writers with changes not yet on disk: flushed if the process exits without closing them. */
const open = new Set<StateWriter>()
let exitHookInstalled = false

function flushAllOnExit(): void {
  for (const writer of open) {
    try {
      writer.flush()
    } catch {
      // Exiting anyway: the previous whole file stays in place.
    }
  }
}

/** Writes take at most a fifth of the time: a world whose write takes 100 ms is written every 500 ms. */
const SPACING_PER_WRITE_MS = 5

/**
 * Coalesces writes of the state file: at most one write per interval. A change long after the last
 * write is written at once (another process reading the file sees it as soon as the response
 * arrives); changes that follow within the interval wait for one write at its end, so a burst of N
 * mutations costs one serialisation per interval instead of N. A world so large that its write
 * takes more than a fifth of the interval is written less often (five times the write's duration
 * apart), so serialising never crowds out requests. Crash safety: each write replaces the file
 * atomically, so the file always holds a whole world; a crash (kill -9, power loss) loses at most
 * the changes since the last write, one spacing. `close()` and a normal process exit write what is pending.
 */
export class StateWriter {
  private timer: NodeJS.Timeout | undefined
  private dirty = false
  private closed = false
  private warned = false
  private lastWriteAt = Number.NEGATIVE_INFINITY
  private lastWriteMs = 0

  constructor(
    private readonly path: string | undefined,
    private readonly world: World,
    private readonly options: StateWriterOptions,
  ) {
    if (!path) return
    open.add(this)
    if (!exitHookInstalled) {
      exitHookInstalled = true
      process.on('exit', flushAllOnExit)
    }
  }

  /** Records that the world changed: written now, or at the end of the current interval. */
  changed(): void {
    if (!this.path || this.closed) return
    this.dirty = true
    if (this.timer) return
    const spacing = Math.max(this.options.intervalMs, this.lastWriteMs * SPACING_PER_WRITE_MS)
    const wait = this.lastWriteAt + spacing - Date.now()
    if (wait <= 0) this.tryFlush()
    else this.arm(wait)
  }

  /** Writes pending changes now (throws when the file cannot be written). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    if (!this.path || !this.dirty) return
    const started = Date.now()
    const bytes = saveWorld(this.path, this.world)
    this.dirty = false
    this.lastWriteAt = Date.now()
    this.lastWriteMs = this.lastWriteAt - started
    this.options.onWrite?.(bytes)
  }

  /** Writes what is pending and stops; later changes are not written. A failed write is reported on stderr. */
  close(): void {
    open.delete(this)
    this.closed = true
    this.tryFlush()
  }

  private arm(wait: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.tryFlush()
    }, wait)
    // A pending write does not keep the process alive: close() or the exit hook writes it.
    this.timer.unref()
  }

  /** A failed write keeps the changes pending and retries an interval later (none after close). */
  private tryFlush(): void {
    try {
      this.flush()
    } catch (err) {
      // The emulator has no logger (it imports nothing of ours): say it on stderr, once while running.
      if (!this.warned || this.closed) {
        process.stderr.write(
          `local cloud: cannot write state file ${this.path ?? ''}: ${err instanceof Error ? err.message : String(err)}\n`,
        )
      }
      this.warned = true
      this.lastWriteAt = Date.now()
      if (!this.closed) this.arm(this.options.intervalMs)
    }
  }
}
