/** @module The pure heart of verify: manifests → probes → what to read; probes + facts → checks. */
import { withLazyField } from '../shared/lazy-field.js'
import type { ManifestResource } from '../manifest/model.js'
import { alarmRule } from './rules/alarms.js'
import { imageRule } from './rules/images.js'
import { logGroupRule } from './rules/log-groups.js'
import { networkRule } from './rules/network.js'
import type { VerifyRule } from './rules/probe.js'
import { roleRule } from './rules/roles.js'
import { secretRule } from './rules/secrets.js'
import type { AccountFacts, Probe, VerifyCheck, VerifyContext, WantedReads } from './types.js'
import { ecrImageKey, type EcrImageRef } from '../cloud/ports/index.js'

/** Every check, in the order a person reads a task definition and then the service around it. */
export const VERIFY_RULES: readonly VerifyRule[] = [
  roleRule,
  imageRule,
  secretRule,
  logGroupRule,
  networkRule,
  alarmRule,
]

export function probesOf(resources: readonly ManifestResource[], context: VerifyContext): Probe[] {
  return resources.flatMap((resource) => VERIFY_RULES.flatMap((rule) => rule(resource, context)))
}

type NameKey = Exclude<keyof WantedReads, 'images'>

/** The union of what the probes read, each name once: one batch per kind of resource. */
export function wantedReads(probes: readonly Probe[]): Required<WantedReads> {
  const names = new Map<NameKey, Set<string>>()
  const images = new Map<string, EcrImageRef>()
  for (const probe of probes) {
    for (const [key, values] of Object.entries(probe.reads) as [keyof WantedReads, readonly unknown[]][]) {
      if (key === 'images') {
        for (const image of values as EcrImageRef[]) images.set(ecrImageKey(image), image)
        continue
      }
      const set = names.get(key) ?? new Set<string>()
      for (const value of values as string[]) set.add(value)
      names.set(key, set)
    }
  }
  const list = (key: NameKey): string[] => [...(names.get(key) ?? [])].sort()
  return {
    roles: list('roles'),
    images: [...images.values()],
    pullThrough: list('pullThrough'),
    secrets: list('secrets'),
    parameters: list('parameters'),
    logGroups: list('logGroups'),
    subnets: list('subnets'),
    securityGroups: list('securityGroups'),
    targetGroups: list('targetGroups'),
    alarms: list('alarms'),
  }
}

export function judgeProbes(probes: readonly Probe[], facts: AccountFacts): VerifyCheck[] {
  return probes.map((probe) => {
    const verdict = probe.judge(facts)
    const check = {
      subject: probe.subject,
      check: probe.check,
      resource: probe.resource,
      status: verdict.status,
      reason: verdict.reason,
      ...(verdict.hint ? { hint: verdict.hint } : {}),
    }
    return withLazyField(check, 'position', () => probe.position)
  })
}
