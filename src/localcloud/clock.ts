/** @module The emulator's time: real for demos, manual (advanced by tests) for exact lifecycles. */

export interface LocalClock {
  now(): number
  readonly manual: boolean
  advance(seconds: number): void
}

export function realClock(): LocalClock {
  return {
    manual: false,
    now: () => Date.now(),
    advance: () => {
      throw new Error('advance() needs the manual clock: start the local cloud with clock: "manual"')
    },
  }
}

export function manualClock(start = Date.UTC(2026, 0, 1)): LocalClock {
  let current = start
  return {
    manual: true,
    now: () => current,
    advance: (seconds) => {
      current += Math.round(seconds * 1000)
    },
  }
}
