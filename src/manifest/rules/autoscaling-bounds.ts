/** @module autoscaling/bounds: capacities are ordered, targets sensible; autoscaling/desired-count: the starting count is in range (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-ecs.html). */
import type { ManifestIssue } from '../issues.js'
import type { ServiceResource } from '../model.js'
import { issueAt, type Rule } from './rule.js'

type Autoscaling = NonNullable<ServiceResource['spec']['autoscaling']>
type ScheduledAction = NonNullable<Autoscaling['scheduled']>[number]
type AutoscalingPath = (...path: (string | number)[]) => (string | number)[]

const at: AutoscalingPath = (...path) => ['spec', 'autoscaling', ...path]

/** minCapacity above maxCapacity; else a desiredCount outside them (a warning: it gets clamped). */
function capacityIssues(s: ServiceResource, a: Autoscaling, ruleId: string): ManifestIssue[] {
  if (a.minCapacity > a.maxCapacity) {
    return [
      issueAt(
        s,
        at('minCapacity'),
        ruleId,
        'error',
        `minCapacity ${a.minCapacity} is above maxCapacity ${a.maxCapacity}`,
        'swap them or raise maxCapacity',
      ),
    ]
  }
  const desired = s.spec.desiredCount
  if (desired === undefined || (desired >= a.minCapacity && desired <= a.maxCapacity)) return []
  const clamped = Math.min(Math.max(desired, a.minCapacity), a.maxCapacity)
  return [
    issueAt(
      s,
      ['spec', 'desiredCount'],
      'autoscaling/desired-count',
      'warning',
      `desiredCount ${desired} is outside the autoscaling range [${a.minCapacity}, ${a.maxCapacity}]: it will be clamped into the range (to ${clamped})`,
      'set desiredCount inside minCapacity..maxCapacity (once autoscaling is on it is only the starting count)',
    ),
  ]
}

/** Percentage targets above 100, and ALB request-count targets without their resource label. */
function targetTrackingIssues(s: ServiceResource, a: Autoscaling, ruleId: string): ManifestIssue[] {
  return (a.targetTracking ?? []).flatMap((t, i) => {
    const issues: ManifestIssue[] = []
    if ((t.metric === 'cpu' || t.metric === 'memory') && t.target > 100) {
      issues.push(
        issueAt(
          s,
          at('targetTracking', i, 'target'),
          ruleId,
          'error',
          `a ${t.metric} target is a percentage; ${t.target} is above 100`,
          'use a value such as 60',
        ),
      )
    }
    if (t.metric === 'albRequestCount' && !t.resourceLabel) {
      issues.push(
        issueAt(
          s,
          at('targetTracking', i),
          ruleId,
          'error',
          'albRequestCount needs resourceLabel (app/<lb>/<id>/targetgroup/<tg>/<id>)',
          'add resourceLabel',
        ),
      )
    }
    return issues
  })
}

/** What is wrong with scheduled action `i`, `seen` holding the names of the ones before it. */
function scheduledActionIssues(
  s: ServiceResource,
  sch: ScheduledAction,
  i: number,
  seen: ReadonlySet<string>,
  ruleId: string,
): ManifestIssue[] {
  const issue = (path: (string | number)[], message: string, hint: string): ManifestIssue =>
    issueAt(s, at('scheduled', i, ...path), ruleId, 'error', message, hint)
  const { minCapacity: min, maxCapacity: max, name } = sch
  return [
    min !== undefined && max !== undefined && min > max
      ? issue(['minCapacity'], `scheduled minCapacity ${min} is above maxCapacity ${max}`, 'swap them')
      : undefined,
    min === undefined && max === undefined
      ? issue([], `scheduled action "${name}" changes nothing`, 'set minCapacity, maxCapacity or both')
      : undefined,
    /[:/|]/.test(name)
      ? issue(
          ['name'],
          `scheduled action name "${name}" contains ":", "/" or "|"`,
          'use letters, digits and "-"',
        )
      : undefined,
    seen.has(name)
      ? issue(['name'], `scheduled action "${name}" is declared twice`, 'rename one of them')
      : undefined,
  ].filter((found): found is ManifestIssue => found !== undefined)
}

function scheduledIssues(s: ServiceResource, a: Autoscaling, ruleId: string): ManifestIssue[] {
  const seen = new Set<string>()
  return (a.scheduled ?? []).flatMap((sch, i) => {
    const issues = scheduledActionIssues(s, sch, i, seen, ruleId)
    seen.add(sch.name)
    return issues
  })
}

export const autoscalingBounds: Rule = {
  id: 'autoscaling/bounds',
  description: 'minCapacity ≤ maxCapacity, targets in range, desiredCount inside the bounds',
  check({ set }) {
    return set.byKind.Service.flatMap((s) => {
      const a = s.spec.autoscaling
      if (!a) return []
      return [
        ...capacityIssues(s, a, this.id),
        ...targetTrackingIssues(s, a, this.id),
        ...scheduledIssues(s, a, this.id),
      ]
    })
  },
}
