/**
 * @module Fault injection, deterministic under a seed: throttling, 5xx (JSON or a load balancer's HTML
 * page), responses dropped after a write happened, latency, failing images.
 */
import { readFileSync } from 'node:fs'
import { AwsError } from './errors.js'

export interface FaultConfig {
  seed?: number
  /** Share of requests answered with ThrottlingException (the SDK retries those). */
  throttleRate?: number
  /** Share of requests answered with a 500. */
  serverErrorRate?: number
  /** Share of requests answered with a 503 whose body is an HTML page (what a load balancer in front sends). */
  htmlServerErrorRate?: number
  /** Share of writes whose response is dropped (the connection closed) after the write happened. */
  dropWriteResponseRate?: number
  latencyMs?: number
  /** Images that never start: a substring, or `/regex/`. */
  failingImages?: string[]
  /** CloudWatch alarm ARNs in ALARM: an FIS stop condition naming one stops its experiment. */
  alarmsInAlarm?: string[]
  /** Requests that fail every time, whatever the retries: a targeted, permanent fault. */
  failRequests?: FailedRequest[]
  /** Exit codes of one-off (RunTask) containers, by image or command: the first rule that matches wins, else 0. */
  taskExitCodes?: TaskExitCode[]
}

export interface TaskExitCode {
  /** A substring, or `/regex/`, of the container's image or of its command joined with spaces. */
  match: string
  exitCode: number
}

export interface FailedRequest {
  /** The operation, as in the X-Amz-Target header (`DescribeTaskDefinition`). */
  operation: string
  /** Only requests whose body contains this text (a task-definition family, say). */
  match?: string
  /** The AWS error code answered (default ThrottlingException, a 400; ServerException etc. are 500s). */
  code?: string
}

/** A 503 answered with an HTML page instead of an AWS error body. */
export class HtmlServiceUnavailable extends AwsError {
  static readonly BODY =
    '<html><head><title>503 Service Temporarily Unavailable</title></head>' +
    '<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>'
  constructor() {
    super('ServiceUnavailable', 'injected HTML 503 page', 503)
  }
}

/** mulberry32: a tiny seeded PRNG, so a fault run can be replayed exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class Faults {
  private readonly random: () => number
  private readonly alarms: Set<string>
  constructor(readonly config: FaultConfig = {}) {
    this.random = prng(config.seed ?? 1)
    this.alarms = new Set(config.alarmsInAlarm ?? [])
  }

  /** Throws the injected error for this request, if any. */
  beforeRequest(operation = '', body = ''): void {
    const { throttleRate = 0, serverErrorRate = 0, failRequests = [] } = this.config
    const targeted = failRequests.find(
      (f) => f.operation === operation && (f.match === undefined || body.includes(f.match)),
    )
    if (targeted) {
      const code = targeted.code ?? 'ThrottlingException'
      throw new AwsError(
        code,
        `injected permanent fault on ${operation}`,
        /Server|Unavailable|Internal/.test(code) ? 500 : 400,
      )
    }
    if (throttleRate > 0 && this.random() < throttleRate) {
      throw new AwsError('ThrottlingException', 'Rate exceeded', 400)
    }
    if (serverErrorRate > 0 && this.random() < serverErrorRate) {
      throw new AwsError('ServerException', 'injected server error', 500)
    }
    const { htmlServerErrorRate = 0 } = this.config
    if (htmlServerErrorRate > 0 && this.random() < htmlServerErrorRate) throw new HtmlServiceUnavailable()
  }

  /** Whether to drop the response of a write that just happened (the caller closes the connection). */
  dropWriteResponse(): boolean {
    const { dropWriteResponseRate = 0 } = this.config
    return dropWriteResponseRate > 0 && this.random() < dropWriteResponseRate
  }

  alarmFiring(alarmArn: string): boolean {
    return this.alarms.has(alarmArn)
  }

  /** The fault hook for stop conditions: there is no CloudWatch here, so tests and demos set alarm states. */
  setAlarm(alarmArn: string, inAlarm: boolean): void {
    if (inAlarm) this.alarms.add(alarmArn)
    else this.alarms.delete(alarmArn)
  }

  imageFails(image: string): boolean {
    return (this.config.failingImages ?? []).some((pattern) => matches(pattern, image))
  }

  /** The exit code a one-off task's container exits with once it has run (0 unless a rule says otherwise). */
  taskExitCode(image: string, command: readonly string[]): number {
    const words = command.join(' ')
    const rule = (this.config.taskExitCodes ?? []).find(
      (r) => matches(r.match, image) || (words !== '' && matches(r.match, words)),
    )
    return rule?.exitCode ?? 0
  }
}

/** A substring, or `/regex/`. */
function matches(pattern: string, value: string): boolean {
  const regex = /^\/(.*)\/$/.exec(pattern)
  return regex ? new RegExp(regex[1] ?? '').test(value) : value.includes(pattern)
}

/** Faults from options, else the LOCAL_CLOUD_FAULTS variable (JSON, or a path to a JSON file). */
export function resolveFaults(config: FaultConfig | undefined): FaultConfig {
  if (config) return config
  const text = process.env['LOCAL_CLOUD_FAULTS']
  if (!text) return {}
  return JSON.parse(text.trim().startsWith('{') ? text : readFileSync(text, 'utf8')) as FaultConfig
}
