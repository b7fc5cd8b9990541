/** The local cloud's state file under a burst of mutations: coalesced writes, always whole JSON, complete after close. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { StateWriter } from '../../../src/localcloud/persistence.js'
import { emptyWorld, type World } from '../../../src/localcloud/state.js'

let dir: string
let path: string
beforeEach(() => {
  vi.useFakeTimers()
  dir = mkdtempSync(join(tmpdir(), 'lc-writer-'))
  path = join(dir, 'state.json')
})
afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

function addCluster(world: World, i: number): void {
  const name = `c${i}`
  world.ecs.clusters[name] = {
    arn: `arn:aws:ecs:us-east-1:123456789012:cluster/${name}`,
    name,
    status: 'ACTIVE',
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
    settings: [],
    tags: {},
  }
}

const onDisk = (): World => JSON.parse(readFileSync(path, 'utf8')) as World

it('a burst of mutations is written at most once per interval, the file is whole JSON throughout and complete after close', () => {
  const world = emptyWorld()
  const writtenAt: number[] = []
  const writer = new StateWriter(path, world, { intervalMs: 250, onWrite: () => writtenAt.push(Date.now()) })
  // 1,000 mutations, one per millisecond: four intervals of 250 ms.
  for (let i = 0; i < 1000; i++) {
    addCluster(world, i)
    writer.changed()
    // Whole JSON at every moment, and at most one interval behind: whatever changed 250 ms ago is there.
    expect(Object.keys(onDisk().ecs.clusters).length).toBeGreaterThanOrEqual(i + 1 - 250)
    vi.advanceTimersByTime(1)
  }
  expect(writtenAt.length).toBeLessThanOrEqual(1 + 1000 / 250)
  for (let i = 1; i < writtenAt.length; i++) {
    expect(writtenAt[i]! - writtenAt[i - 1]!).toBeGreaterThanOrEqual(250)
  }
  // The last change of a burst is written by close(), not left for a timer that may never fire.
  addCluster(world, 1000)
  writer.changed()
  writer.close()
  expect(onDisk()).toEqual(world)
  expect(readdirSync(dir)).toEqual(['state.json'])
})

it('a change after a quiet spell is written at once, so another process reading the file sees it', () => {
  const world = emptyWorld()
  const writer = new StateWriter(path, world, { intervalMs: 250 })
  addCluster(world, 1)
  writer.changed()
  expect(Object.keys(onDisk().ecs.clusters)).toEqual(['c1'])
  vi.advanceTimersByTime(5000)
  addCluster(world, 2)
  writer.changed()
  expect(Object.keys(onDisk().ecs.clusters)).toEqual(['c1', 'c2'])
  writer.close()
})

it('nothing is written without a change, and closing twice writes once', () => {
  const world = emptyWorld()
  const writes: number[] = []
  const writer = new StateWriter(path, world, { intervalMs: 250, onWrite: (bytes) => writes.push(bytes) })
  vi.advanceTimersByTime(1000)
  writer.close()
  expect(existsSync(path)).toBe(false)
  const second = new StateWriter(path, world, { intervalMs: 250, onWrite: (bytes) => writes.push(bytes) })
  addCluster(world, 1)
  second.changed()
  second.close()
  second.close()
  vi.advanceTimersByTime(1000)
  expect(writes).toEqual([readFileSync(path).length])
})

it('a change after close is not written (the emulator has stopped)', () => {
  const world = emptyWorld()
  const writer = new StateWriter(path, world, { intervalMs: 250 })
  writer.close()
  addCluster(world, 1)
  writer.changed()
  vi.advanceTimersByTime(1000)
  expect(existsSync(path)).toBe(false)
})

it('without a state path nothing is written', () => {
  const world = emptyWorld()
  const writes: number[] = []
  const writer = new StateWriter(undefined, world, {
    intervalMs: 250,
    onWrite: (bytes) => writes.push(bytes),
  })
  addCluster(world, 1)
  writer.changed()
  vi.advanceTimersByTime(1000)
  writer.close()
  expect(writes).toEqual([])
})

it('a state file that cannot be written is reported on stderr, and neither the request nor close() throws', () => {
  const world = emptyWorld()
  // A path under a regular file: mkdir fails.
  const blocked = join(path, 'state.json')
  writeFileSync(path, 'not a directory')
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
  try {
    const writer = new StateWriter(blocked, world, { intervalMs: 250 })
    addCluster(world, 1)
    expect(() => writer.changed()).not.toThrow()
    vi.advanceTimersByTime(1000)
    expect(() => writer.close()).not.toThrow()
    const messages = stderr.mock.calls.map((call) => String(call[0]))
    expect(messages.length).toBeGreaterThanOrEqual(2)
    expect(messages.every((m) => m.startsWith(`local cloud: cannot write state file ${blocked}:`))).toBe(true)
  } finally {
    stderr.mockRestore()
  }
})
