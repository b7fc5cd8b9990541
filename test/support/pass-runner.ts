/**
 * A daemon PassRunner for contract tests: a fixed folder as its source, a silent logger, fresh
 * metrics, a one-minute backoff and the daemon's default settings. Each test overrides what it
 * exercises (the cloud, the clock, a setting).
 */
import { Writable } from 'node:stream'
import { pino } from 'pino'
import type { Cloud } from '../../src/cloud/ports/index.js'
import { BackoffBook } from '../../src/daemon/backoff.js'
import { DaemonMetrics } from '../../src/daemon/metrics.js'
import { PassRunner, type PassDeps, type PassSettings } from '../../src/daemon/reconcile-pass.js'
import type { ManifestSource } from '../../src/daemon/sources/source.js'
import { StatusStore } from '../../src/daemon/status.js'
import { systemClock } from '../../src/shared/clock.js'

export const TEST_PASS_SETTINGS: PassSettings = {
  instance: 'ecs-reconciler',
  defaultCluster: 'default',
  revision: undefined,
  dryRun: false,
  prune: false,
  adopt: false,
  maxDeletes: 5,
  force: false,
  allowReplace: false,
  // The fixtures name roles, images and secrets no test creates: the account checks (verify) have tests
  // of their own, which turn them on.
  verify: false,
  timeoutMs: 30_000,
  pollMs: 50,
  concurrency: 8,
}

/** A source that always offers the same folder at the same revision. */
export function folderSource(path: string, revision = 'r1'): ManifestSource {
  return {
    description: 'test',
    start: () => Promise.resolve(),
    snapshot: () => ({ paths: [path], revision }),
    close: () => Promise.resolve(),
  }
}

export function testStatusStore(dryRun = false): StatusStore {
  return new StatusStore({
    instance: 'ecs-reconciler',
    source: 'test',
    region: 'us-east-1',
    dryRun,
    startedAt: new Date().toISOString(),
  })
}

export interface TestPassRunnerOptions extends Partial<Omit<PassDeps, 'settings' | 'cloud'>> {
  readonly cloud: Cloud
  readonly manifests?: string
  readonly settings?: Partial<PassSettings>
}

export function testPassRunner(options: TestPassRunnerOptions): PassRunner {
  const { manifests, settings, ...deps } = options
  const source = deps.source ?? (manifests ? folderSource(manifests) : undefined)
  if (!source) throw new Error('testPassRunner needs a source or a manifests folder')
  return new PassRunner({
    logger: pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() })),
    metrics: new DaemonMetrics([]),
    status: testStatusStore(settings?.dryRun ?? false),
    backoff: new BackoffBook({ baseMs: 60_000, maxMs: 600_000 }),
    clock: systemClock,
    ...deps,
    source,
    settings: { ...TEST_PASS_SETTINGS, ...settings },
  })
}
