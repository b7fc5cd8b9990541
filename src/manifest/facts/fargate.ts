/** @module Fargate facts for validation (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html): task sizes, platform versions. */

/** CPU units → allowed task memory in MiB (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html). */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
}

function steps(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let v = from; v <= to; v += step) out.push(v)
  return out
}

/** Known Fargate platform versions (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html): LATEST is 1.4.0 on Linux, 1.0.0 on Windows. */
export const LINUX_PLATFORM_VERSIONS = ['1.4.0', '1.3.0', '1.2.0', '1.1.0', '1.0.0']
export const WINDOWS_PLATFORM_VERSIONS = ['1.0.0']

/** CPU units or MiB from a manifest value: a number, "1 vCPU", ".25 vcpu" or "2 GB". */
export function toUnits(value: number | string): number | undefined {
  if (typeof value === 'number') return value
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(vcpu|gb)?\s*$/i.exec(value)
  if (!match) return undefined
  const amount = Number(match[1])
  return Math.round(match[2] ? amount * 1024 : amount)
}

/** True when a platform version is 1.4.0 or newer (LATEST counts, and resolves to 1.4.0 on Linux). */
export function atLeast140(version: string | undefined): boolean {
  if (version === undefined || version === 'LATEST') return true
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 1 || (major === 1 && minor >= 4)
}

export function isWindows(os: string | undefined): boolean {
  return os !== undefined && os.startsWith('WINDOWS')
}
