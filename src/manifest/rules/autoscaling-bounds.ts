/** @module autoscaling/bounds: capacities are ordered, targets sensible; autoscaling/desired-count: the starting count is in range (https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-ecs.html). */
import type { ManifestIssue } from '../issues.js'
import { issueAt, type Rule } from './rule.js'

export const autoscalingBounds: Rule = {
  id: 'autoscaling/bounds',
  description: 'minCapacity ≤ maxCapacity, targets in range, desiredCount inside the bounds',
  check({ set }) {
    const issues: ManifestIssue[] = []
    for (const s of set.byKind.Service) {
      const a = s.spec.autoscaling
      if (!a) continue
      const at = (...path: (string | number)[]) => ['spec', 'autoscaling', ...path]
      if (a.minCapacity > a.maxCapacity) {
        issues.push(
          issueAt(
            s,
            at('minCapacity'),
            this.id,
            'error',
            `minCapacity ${a.minCapacity} is above maxCapacity ${a.maxCapacity}`,
            'swap them or raise maxCapacity',
          ),
        )
      }
      const desired = s.spec.desiredCount
      if (
        desired !== undefined &&
        a.minCapacity <= a.maxCapacity &&
        (desired < a.minCapacity || desired > a.maxCapacity)
      ) {
        const clamped = Math.min(Math.max(desired, a.minCapacity), a.maxCapacity)
        issues.push(
          issueAt(
            s,
            ['spec', 'desiredCount'],
            'autoscaling/desired-count',
            'warning',
            `desiredCount ${desired} is outside the autoscaling range [${a.minCapacity}, ${a.maxCapacity}]: it will be clamped into the range (to ${clamped})`,
            'set desiredCount inside minCapacity..maxCapacity (once autoscaling is on it is only the starting count)',
          ),
        )
      }
      ;(a.targetTracking ?? []).forEach((t, i) => {
        if ((t.metric === 'cpu' || t.metric === 'memory') && t.target > 100) {
          issues.push(
            issueAt(
              s,
              at('targetTracking', i, 'target'),
              this.id,
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
              this.id,
              'error',
              'albRequestCount needs resourceLabel (app/<lb>/<id>/targetgroup/<tg>/<id>)',
              'add resourceLabel',
            ),
          )
        }
      })
      const names = new Set<string>()
      ;(a.scheduled ?? []).forEach((sch, i) => {
        if (
          sch.minCapacity !== undefined &&
          sch.maxCapacity !== undefined &&
          sch.minCapacity > sch.maxCapacity
        ) {
          issues.push(
            issueAt(
              s,
              at('scheduled', i, 'minCapacity'),
              this.id,
              'error',
              `scheduled minCapacity ${sch.minCapacity} is above maxCapacity ${sch.maxCapacity}`,
              'swap them',
            ),
          )
        }
        if (sch.minCapacity === undefined && sch.maxCapacity === undefined) {
          issues.push(
            issueAt(
              s,
              at('scheduled', i),
              this.id,
              'error',
              `scheduled action "${sch.name}" changes nothing`,
              'set minCapacity, maxCapacity or both',
            ),
          )
        }
        if (/[:/|]/.test(sch.name)) {
          issues.push(
            issueAt(
              s,
              at('scheduled', i, 'name'),
              this.id,
              'error',
              `scheduled action name "${sch.name}" contains ":", "/" or "|"`,
              'use letters, digits and "-"',
            ),
          )
        }
        if (names.has(sch.name)) {
          issues.push(
            issueAt(
              s,
              at('scheduled', i, 'name'),
              this.id,
              'error',
              `scheduled action "${sch.name}" is declared twice`,
              'rename one of them',
            ),
          )
        }
        names.add(sch.name)
      })
    }
    return issues
  },
}
