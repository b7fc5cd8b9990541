/** `run`'s flag checks and the pass settings it derives, as pure functions. */
import { describe, expect, it } from 'vitest'
import { passSettingsOf, runFlagsProblem, type RunFlags } from '../../../src/cli/commands/run.js'

describe('runFlagsProblem', () => {
  const base = { leaseRenew: 10_000, leaseDuration: 30_000 }
  it.each([
    ['no lease table', {}, undefined],
    ['a lease renewed at a third of its duration', { leaseTable: 't' }, undefined],
    ['a lease renewed at exactly half its duration', { leaseTable: 't', leaseRenew: 15_000 }, undefined],
    [
      'a lease renewed at more than half its duration',
      { leaseTable: 't', leaseRenew: 20_000 },
      '--lease-renew (20000 ms) must be at most half of --lease-duration (30000 ms)',
    ],
    [
      'shards without a lease table',
      { shards: 4 },
      '--shards 4 needs --lease-table: replicas share the shards through leases in a DynamoDB table',
    ],
    ['shards with a lease table', { leaseTable: 't', shards: 4 }, undefined],
    ['65 shards', { leaseTable: 't', shards: 65 }, '--shards must be between 1 and 64, got 65'],
    ['0 shards', { leaseTable: 't', shards: 0 }, '--shards must be between 1 and 64, got 0'],
  ] as const)('%s', (_name, flags, message) => {
    expect(runFlagsProblem({ ...base, ...flags })?.message).toBe(message)
  })
})

describe('passSettingsOf', () => {
  const flags = {
    instance: 'shop-prod',
    cluster: 'default',
    maxDeletes: 5,
    keepRevisions: 10,
    verify: true,
    timeout: 900_000,
    concurrency: 0,
  } as RunFlags

  it('turns unset switches off, keeps at least one action in flight and leaves the poll interval to the cloud', () => {
    expect(passSettingsOf(flags)).toEqual({
      instance: 'shop-prod',
      defaultCluster: 'default',
      revision: undefined,
      dryRun: false,
      prune: false,
      adopt: false,
      maxDeletes: 5,
      keepRevisions: 10,
      force: false,
      allowEmpty: false,
      allowReplace: false,
      verify: true,
      timeoutMs: 900_000,
      concurrency: 1,
      pollMs: undefined,
    })
  })

  it('passes the switches that are set', () => {
    const set = passSettingsOf({
      ...flags,
      dryRun: true,
      prune: true,
      force: true,
      concurrency: 8,
      pollInterval: 500,
    })
    expect(set).toMatchObject({ dryRun: true, prune: true, force: true, concurrency: 8, pollMs: 500 })
  })
})
