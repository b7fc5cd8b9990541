/**
 * @module What lets lifecycle evolution touch only what is due: tasks by service, a queue of
 * services keyed by their next event on the local cloud's clock, and stopped tasks by stop time.
 * Derived from the world (rebuilt for a world loaded from disk), never persisted.
 */
import { MinHeap } from '../min-heap.js'
import type { EcsTask, World } from '../state.js'

export class LifecycleIndex {
  private readonly tasks = new Map<string, EcsTask[]>()
  private readonly queue = new MinHeap<string>()
  /** When each queued service is due; a queue entry with another time is stale and skipped. */
  private readonly dueAt = new Map<string, number>()
  /**
   * Services in the order the world holds them: due services are evolved in that order, so the
   * world's id counter hands out the same ids as a sweep over every service would.
   */
  private readonly order = new Map<string, number>()
  private readonly stopped = new MinHeap<EcsTask>()

  constructor(world: World) {
    for (const task of Object.values(world.ecs.tasks)) {
      this.addTask(task)
      if (task.lastStatus === 'STOPPED') this.taskStopped(task)
    }
    for (const [key, service] of Object.entries(world.ecs.services)) {
      this.order.set(key, this.order.size)
      // A world from disk is settled once on its first request: its next events are not stored.
      if (service.status !== 'INACTIVE') this.schedule(key, Number.NEGATIVE_INFINITY)
    }
  }

  tasksOf(serviceKey: string): EcsTask[] {
    return [...(this.tasks.get(serviceKey) ?? [])]
  }

  addTask(task: EcsTask): void {
    const list = this.tasks.get(task.serviceKey)
    if (list) list.push(task)
    else this.tasks.set(task.serviceKey, [task])
  }

  removeTask(task: EcsTask): void {
    const list = this.tasks.get(task.serviceKey)
    if (list) {
      this.tasks.set(
        task.serviceKey,
        list.filter((t) => t !== task),
      )
    }
  }

  taskStopped(task: EcsTask): void {
    if (task.stoppedAt !== undefined) this.stopped.push(task.stoppedAt, task)
  }

  /** Queues a service for time `at` (replacing its earlier place), or takes it off the queue. */
  schedule(serviceKey: string, at: number | undefined): void {
    if (!this.order.has(serviceKey)) this.order.set(serviceKey, this.order.size)
    if (at === undefined) {
      this.dueAt.delete(serviceKey)
      return
    }
    if (this.dueAt.get(serviceKey) === at) return
    this.dueAt.set(serviceKey, at)
    this.queue.push(at, serviceKey)
  }

  /** Takes every service due at or before `now` off the queue, in the world's order. */
  takeDue(now: number): string[] {
    const due: string[] = []
    for (let at = this.queue.peekKey(); at !== undefined && at <= now; at = this.queue.peekKey()) {
      const key = this.queue.pop() as string
      if (this.dueAt.get(key) !== at) continue
      this.dueAt.delete(key)
      due.push(key)
    }
    return due.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0))
  }

  /** Takes every task stopped strictly before `before` off the stopped queue, oldest first. */
  takeStoppedBefore(before: number): EcsTask[] {
    const expired: EcsTask[] = []
    for (let at = this.stopped.peekKey(); at !== undefined && at < before; at = this.stopped.peekKey()) {
      expired.push(this.stopped.pop() as EcsTask)
    }
    return expired
  }
}
