/**
 * Pre-deploy hooks (docs/operations.md): what the manifest says, how the outcome is recorded on the
 * service (an ECS tag: letters, numbers, spaces and `+ - = . _ : / @`, at most 256 characters,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html), and the RunTask identity
 * of an attempt (clientToken up to 64 characters, startedBy up to 128 letters, numbers, `-`, `/`, `_`:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html).
 */
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import {
  DEFAULT_HOOK_TIMEOUT_MS,
  failedHookFor,
  hookClientToken,
  hookRecordValue,
  hookStartedBy,
  parseHookRecord,
  plannedPreDeploy,
  retryRecordValue,
  TAG_PRE_DEPLOY,
  type HookRecord,
} from '../../../src/reconciler/kinds/service/pre-deploy-hook.js'
import { TAG_TEXT } from '../../../src/shared/tag-value.js'

const manifest = (hooks: string) => `apiVersion: ecs-reconciler/v1alpha1
kind: Service
metadata: {name: web}
spec:
  cluster: shop
  launchType: FARGATE
  network: {subnets: [subnet-1]}
${hooks}
  taskDefinition:
    cpu: 256
    memory: 512
    containers: [{name: app, image: nginx}, {name: sidecar, image: envoy, essential: false}]
`

const load = (hooks: string) => validateFiles([{ file: 'web.yaml', text: manifest(hooks) }])

describe('the manifest', () => {
  it('takes a command, an optional container and a timeout (default 10 minutes)', () => {
    const plain = load('  hooks: {preDeploy: {command: [./migrate]}}')
    expect(plain.issues).toEqual([])
    expect(plannedPreDeploy(plain.set.byKind.Service[0]!)).toEqual({
      stage: 'preDeploy',
      command: ['./migrate'],
      container: undefined,
      timeoutMs: DEFAULT_HOOK_TIMEOUT_MS,
    })
    const full = load('  hooks: {preDeploy: {command: [./migrate, --up], container: sidecar, timeout: 90s}}')
    expect(full.issues).toEqual([])
    expect(plannedPreDeploy(full.set.byKind.Service[0]!)).toMatchObject({
      container: 'sidecar',
      timeoutMs: 90_000,
    })
    expect(plannedPreDeploy(load('').set.byKind.Service[0]!)).toBeUndefined()
  })

  it.each([
    ['an empty command', '  hooks: {preDeploy: {command: []}}', /command/],
    ['a timeout that is not a duration', '  hooks: {preDeploy: {command: [x], timeout: soon}}', /duration/],
    ['an unknown field', '  hooks: {preDeploy: {command: [x], retries: 3}}', /retries/],
    [
      'a container the task definition lacks',
      '  hooks: {preDeploy: {command: [x], container: ap}}',
      /did you mean "app"/,
    ],
  ])('refuses %s, at its line', (_label, hooks, message) => {
    const errors = load(hooks).issues.filter((i) => i.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(`${errors[0]?.message} ${errors[0]?.hint}`).toMatch(message)
    expect(errors[0]?.position.line).toBe(8)
  })
})

describe('the recorded outcome', () => {
  const failed: HookRecord = {
    content: '0123456789abcdef01234567',
    revision: 'web:7',
    result: 'failed',
    attempt: 1,
    detail: 'container app exited 2',
  }

  it('round-trips through a tag value ECS accepts', () => {
    const value = hookRecordValue(failed)
    expect(value).toMatch(TAG_TEXT)
    expect(parseHookRecord(value)).toEqual(failed)
  })

  it('replaces characters ECS refuses and keeps within 256 characters', () => {
    const value = hookRecordValue({ ...failed, detail: `reason (with "quotes") ${'x'.repeat(400)}` })
    expect(value).toMatch(TAG_TEXT)
    expect(value.length).toBeLessThanOrEqual(256)
    expect(parseHookRecord(value)?.result).toBe('failed')
  })

  it('a failure counts for its own content only; resume turns it into a retry of the next attempt', () => {
    const tags = { [TAG_PRE_DEPLOY]: hookRecordValue(failed) }
    expect(failedHookFor(tags, failed.content)).toEqual(failed)
    expect(failedHookFor(tags, 'another-content')).toBeUndefined()
    const retry = parseHookRecord(retryRecordValue(failed))
    expect(retry).toMatchObject({ result: 'retry', attempt: 1, content: failed.content })
    expect(failedHookFor({ [TAG_PRE_DEPLOY]: retryRecordValue(failed) }, failed.content)).toBeUndefined()
  })

  it('ignores a value it did not write', () => {
    expect(parseHookRecord('passed')).toBeUndefined()
    expect(parseHookRecord(undefined)).toBeUndefined()
  })
})

describe('the RunTask identity of an attempt', () => {
  const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7'
  it('is the same for the same revision and attempt, and differs for another attempt or revision', () => {
    expect(hookClientToken(arn, 1)).toBe(hookClientToken(arn, 1))
    expect(hookClientToken(arn, 2)).not.toBe(hookClientToken(arn, 1))
    expect(hookClientToken(arn.replace(':7', ':8'), 1)).not.toBe(hookClientToken(arn, 1))
    expect(hookStartedBy(arn, 1)).toBe(hookStartedBy(arn, 1))
    expect(hookStartedBy(arn, 2)).not.toBe(hookStartedBy(arn, 1))
  })

  it('stays within what RunTask accepts', () => {
    const long = `arn:aws:ecs:us-east-1:1:task-definition/${'f'.repeat(255)}:12345`
    expect(hookClientToken(long, 9)).toMatch(/^[!-~]{1,64}$/)
    expect(hookStartedBy(long, 9)).toMatch(/^[A-Za-z0-9/_-]{1,128}$/)
  })
})
