/**
 * @module `plan --out FILE` / `apply FILE`: a saved plan with the fingerprints of the manifests and
 * of the live state it was computed from. `apply FILE` re-plans and compares both, so a plan made
 * stale by a manifest edit or a change in AWS is refused instead of applied blindly.
 */
import { createHash } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import type { SourceValue } from '../manifest/environment/looked-up.js'
import type { ManifestSet } from '../manifest/model.js'
import { stableJson } from '../reconciler/diff/diff.js'
import type { PlanOptions } from '../reconciler/plan/build-plan.js'
import type { Plan } from '../reconciler/plan/types.js'

export const PLAN_FILE_FORMAT = 'ecs-reconciler-plan'
const PLAN_FILE_VERSION = 1

/** What is needed to plan again exactly as the saved plan was made. */
export interface SavedPlanInputs {
  /** The manifest paths as given to `plan`, resolved to absolute paths. */
  readonly paths: readonly string[]
  readonly cluster: string
  readonly region: string
  readonly options: PlanOptions
}

export interface SavedPlan extends SavedPlanInputs {
  readonly format: typeof PLAN_FILE_FORMAT
  readonly version: number
  readonly createdAt: string
  readonly manifestFingerprint: string
  readonly liveFingerprint: string
  readonly plan: Plan
  /** Each lookup source's value when the plan was made (a sensitive one as its digest only). */
  readonly lookups?: readonly SavedLookup[]
}

export interface SavedLookup {
  readonly source: string
  readonly value?: unknown
  readonly sensitive: boolean
  readonly digest: string
}

const sha256 = (value: unknown): string => createHash('sha256').update(stableJson(value)).digest('hex')

/** The manifests' content, not their layout: moving a document between files or reformatting it is no change. */
export function manifestFingerprint(set: ManifestSet): string {
  const resources = set.resources
    .map((r) => ({ id: r.id, kind: r.kind, metadata: r.metadata, spec: r.spec }))
    .sort((a, b) => a.id.localeCompare(b.id))
  return sha256({ defaultCluster: set.defaultCluster, resources })
}

/**
 * The live state as the plan saw it: every action's normalised differences (a change in AWS moves
 * them), which live resource it acts on and its tags, and the prune candidates. Counters that move
 * on their own (running tasks, event logs) are left out: they do not change what the plan does.
 */
export function liveFingerprint(plan: Plan): string {
  return sha256({
    actions: plan.actions.map((a) => ({
      id: a.id,
      action: a.action,
      diff: a.diff,
      ignored: a.ignored,
      live: a.live ?? null,
    })),
    prune: { candidates: plan.prune.candidates, blocked: plan.prune.blocked.map((a) => a.id) },
  })
}

export function savedPlan(
  plan: Plan,
  set: ManifestSet,
  inputs: SavedPlanInputs,
  now: Date,
  lookups: readonly SourceValue[] = [],
): SavedPlan {
  return {
    format: PLAN_FILE_FORMAT,
    version: PLAN_FILE_VERSION,
    createdAt: now.toISOString(),
    ...inputs,
    manifestFingerprint: manifestFingerprint(set),
    liveFingerprint: liveFingerprint(plan),
    plan,
    ...(lookups.length > 0 ? { lookups: lookups.map(savedLookup) } : {}),
  }
}

function savedLookup(s: SourceValue): SavedLookup {
  return {
    source: s.source,
    ...(s.sensitive ? {} : { value: s.value }),
    sensitive: s.sensitive,
    digest: sha256(s.value),
  }
}

/**
 * Lookups whose value changed since the plan was made (`ssm:/a: "1" → "2"`), or undefined. Checked
 * before the manifests' fingerprint, which such a change also moves, so the message names it.
 */
export function changedLookups(saved: SavedPlan, now: readonly SourceValue[]): string | undefined {
  const current = new Map(now.map((s) => [s.source, s]))
  const changes: string[] = []
  for (const old of saved.lookups ?? []) {
    const value = current.get(old.source)
    if (value === undefined) changes.push(`${old.source} is no longer used`)
    else if (sha256(value.value) !== old.digest) {
      const before = old.sensitive ? '(sensitive)' : JSON.stringify(old.value)
      const after = value.sensitive ? '(sensitive)' : JSON.stringify(value.value)
      changes.push(`${old.source} changed: ${before} → ${after}`)
    }
  }
  return changes.length > 0
    ? `looked-up values changed since the plan was made: ${changes.join('; ')}`
    : undefined
}

/** Written readable by its owner only: the plan holds the task definitions, environment values included. */
export async function writePlanFile(file: string, saved: SavedPlan): Promise<void> {
  await writeFile(file, `${JSON.stringify(saved)}\n`, { mode: 0o600 })
}

export class PlanFileError extends Error {}

/**
 * The saved plan in `file`, or undefined when the file is not a plan file (it is then a manifest
 * path). A plan is known by its content, whatever its name (as Terraform does); a `.json` or
 * `.plan` file that is not one is an error rather than a manifest.
 */
export async function readPlanFile(file: string): Promise<SavedPlan | undefined> {
  const named = file.endsWith('.json') || file.endsWith('.plan')
  let text: string
  try {
    if (!(await stat(file)).isFile()) return undefined
    text = await readFile(file, 'utf8')
  } catch {
    return undefined
  }
  let parsed: unknown
  try {
    // YAML manifests rarely start with `{`; those that do fail to parse as JSON and stay manifests.
    parsed = named || text.trimStart().startsWith('{') ? JSON.parse(text) : undefined
  } catch {
    if (!named) return undefined
    throw new PlanFileError(
      `${file}: not a saved plan (not valid JSON); make one with \`ecs-reconciler plan --out ${file}\``,
    )
  }
  if (!named && (parsed as Partial<SavedPlan> | undefined)?.format !== PLAN_FILE_FORMAT) return undefined
  const candidate = parsed as Partial<SavedPlan> | null
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== PLAN_FILE_FORMAT) {
    throw new PlanFileError(
      `${file}: not a saved plan (no "format": "${PLAN_FILE_FORMAT}"); make one with \`ecs-reconciler plan --out ${file}\``,
    )
  }
  if (candidate.version !== PLAN_FILE_VERSION) {
    throw new PlanFileError(
      `${file}: saved plan version ${String(candidate.version)} is not supported by this ecs-reconciler (expects ${PLAN_FILE_VERSION}); plan again`,
    )
  }
  return candidate as SavedPlan
}

/** Why the saved plan may no longer be applied, or undefined when it still holds. */
export function staleReason(
  saved: SavedPlan,
  now: { set: ManifestSet; plan: Plan; region: string; lookups?: readonly SourceValue[] },
): string | undefined {
  const lookups = changedLookups(saved, now.lookups ?? [])
  if (lookups) return lookups
  if (saved.region !== now.region) {
    return `the plan was made for region ${saved.region}, but this run targets ${now.region}`
  }
  if (saved.manifestFingerprint !== manifestFingerprint(now.set)) {
    return 'the manifests changed since the plan was made'
  }
  if (saved.liveFingerprint !== liveFingerprint(now.plan)) {
    return 'the live state changed since the plan was made'
  }
  return undefined
}
