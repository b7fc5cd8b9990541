/** @module A binary min-heap of items by a numeric key: the emulator's queue of things that fall due. */

interface Entry<T> {
  readonly key: number
  readonly item: T
}

export class MinHeap<T> {
  private readonly entries: Entry<T>[] = []

  get size(): number {
    return this.entries.length
  }

  push(key: number, item: T): void {
    this.entries.push({ key, item })
    this.up(this.entries.length - 1)
  }

  /** The smallest key, or undefined when empty. */
  peekKey(): number | undefined {
    return this.entries[0]?.key
  }

  /** Removes and returns the item with the smallest key. */
  pop(): T | undefined {
    const top = this.entries[0]
    const last = this.entries.pop()
    if (top && last && this.entries.length > 0) {
      this.entries[0] = last
      this.down(0)
    }
    return top?.item
  }

  private keyAt(i: number): number {
    return (this.entries[i] as Entry<T>).key
  }

  private swap(a: number, b: number): void {
    const held = this.entries[a] as Entry<T>
    this.entries[a] = this.entries[b] as Entry<T>
    this.entries[b] = held
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.keyAt(parent) <= this.keyAt(i)) return
      this.swap(i, parent)
      i = parent
    }
  }

  private down(i: number): void {
    const n = this.entries.length
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < n && this.keyAt(left) < this.keyAt(smallest)) smallest = left
      if (right < n && this.keyAt(right) < this.keyAt(smallest)) smallest = right
      if (smallest === i) return
      this.swap(i, smallest)
      i = smallest
    }
  }
}
