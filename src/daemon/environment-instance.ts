/**
 * @module A daemon reconciles one ownership instance. A set loaded from an environment folder whose
 * `spec.instance` is another one (a Git source that moved, a wrong --instance) is invalid, as a
 * parse error is: reconciling it would tag and prune with the wrong instance.
 */
import type { ValidationResult } from '../manifest/validate.js'

export function checkEnvironmentInstance(loaded: ValidationResult, instance: string): ValidationResult {
  const environment = loaded.environment
  if (!environment || environment.instance === instance) return loaded
  return {
    ...loaded,
    ok: false,
    issues: [
      ...loaded.issues,
      {
        ruleId: 'environment/instance',
        severity: 'error',
        message: `Environment ${environment.name} has spec.instance ${environment.instance}, but this daemon reconciles instance ${instance}`,
        hint: `start the daemon with --instance ${environment.instance} (or ECS_RECONCILER_INSTANCE), or point it at the environment folder of instance ${instance}`,
        position: environment.position,
        path: ['spec', 'instance'],
      },
    ],
  }
}
