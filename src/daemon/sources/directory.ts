/** @module A manifest directory watched with chokidar: bursts of events become one debounced change. */
import { resolve } from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { ManifestSource, SourceSnapshot } from './source.js'

const MANIFEST_FILE = /\.ya?ml$/i

export class DirectorySource implements ManifestSource {
  readonly description: string
  private readonly path: string
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined

  constructor(
    path: string,
    private readonly revision: string | undefined,
    private readonly debounceMs = 300,
  ) {
    this.path = resolve(path)
    this.description = `directory ${path}`
  }

  start(onChange: (reason: string) => void, onError: (err: unknown) => void): Promise<void> {
    // Editors save through temp files and renames: only manifest names count, and a burst of
    // events (write temp, rename over, delete backup) settles into one change.
    const relevant = (file: string, isDir: boolean): boolean => isDir || MANIFEST_FILE.test(file)
    const watcher = watch(this.path, { ignoreInitial: true, atomic: true })
    this.watcher = watcher
    watcher.on('all', (event, file) => {
      if (!relevant(file, event === 'addDir' || event === 'unlinkDir')) return
      clearTimeout(this.timer)
      this.timer = setTimeout(() => onChange(`${event} ${file}`), this.debounceMs)
    })
    watcher.on('error', onError)
    return new Promise((resolvePromise) => watcher.once('ready', () => resolvePromise()))
  }

  snapshot(): SourceSnapshot {
    return { paths: [this.path], revision: this.revision }
  }

  async close(): Promise<void> {
    clearTimeout(this.timer)
    await this.watcher?.close()
    this.watcher = undefined
  }
}
