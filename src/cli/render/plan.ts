/** @module Renders a Plan as text (a readable diff), JSON (docs/cli.md) or Markdown (a pull-request comment). */
import type { PlannedHook } from '../../reconciler/action.js'
import type { FieldChange } from '../../reconciler/diff/diff.js'
import { handlerFor } from '../../reconciler/kinds/registry.js'
import {
  countChanges,
  unknownActions,
  type ActionType,
  type Plan,
  type PlanAction,
} from '../../reconciler/plan/types.js'
import { isSensitivePath, maskSensitiveChange, SENSITIVE } from '../../shared/sensitive.js'
import { paint, type Colour } from './colour.js'
import { freezeOf, freezeSentence, freezesToJson, freezeTag, type PlanFreeze } from './freeze.js'

const SYMBOL: Record<ActionType, { mark: string; colour: Colour }> = {
  create: { mark: '+', colour: 'green' },
  update: { mark: '~', colour: 'yellow' },
  replace: { mark: '±', colour: 'magenta' },
  delete: { mark: '-', colour: 'red' },
  redeploy: { mark: '↻', colour: 'cyan' },
  adopt: { mark: '⇲', colour: 'cyan' },
  wait: { mark: '…', colour: 'blue' },
  unknown: { mark: '?', colour: 'red' },
  held: { mark: '‖', colour: 'yellow' },
  noop: { mark: '=', colour: 'dim' },
}

const MAX_VALUE = 80

export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)'
  const text = JSON.stringify(value)
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text
}

export function actionLabel(a: Pick<PlanAction, 'kind' | 'name' | 'cluster'>): string {
  return handlerFor(a.kind).label(a.name, a.cluster)
}

export function planSummary(plan: Plan): string {
  const count = (t: ActionType): number => plan.actions.filter((a) => a.action === t).length
  const changes = countChanges(plan)
  const waits = count('wait')
  const waiting =
    waits > 0 ? ` ${waits} rollout(s) still in progress: their dependents wait until they are steady.` : ''
  const blocked =
    plan.prune.blocked.length > 0
      ? ` ${plan.prune.blocked.length} delete(s) blocked: ${plan.prune.blockedReason ?? ''}.`
      : ''
  const unknowns = count('unknown')
  const unknown =
    unknowns > 0
      ? ` ${unknowns} unknown: state could not be read, so it is left untouched with what depends on it in this pass (exit 1).`
      : ''
  const helds = count('held')
  const held = helds > 0 ? ` ${helds} held by a rollback: left as they are until resumed.` : ''
  const notes = `${waiting}${held}${blocked}${unknown}`
  if (changes === 0) return notes ? `No changes.${notes}` : 'No changes. Live state matches the manifests.'
  return `Plan: ${count('create')} to create, ${count('adopt') > 0 ? `${count('adopt')} to adopt, ` : ''}${count('update')} to update, ${count('replace')} to replace, ${count('redeploy')} to redeploy, ${count('delete')} to delete.${notes}`
}

/** A long value is folded onto continuation lines, and cut after a few of them with the count of what was left out. */
const FOLD_WIDTH = 100
const FOLD_LINES = 3

export interface Attribute {
  readonly path: string
  readonly value: unknown
  readonly sensitive?: true
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** A create's attributes as leaf paths, sorted, with environment and secret values masked (docs/reconciling.md). */
export function createAttributes(attributes: Readonly<Record<string, unknown>> | undefined): Attribute[] {
  const out: Attribute[] = []
  const walk = (value: unknown, segments: string[]): void => {
    if (value === undefined) return
    // A sensitive map still shows its keys; only the values are masked.
    if (isSensitivePath(segments) && !isPlainObject(value)) {
      out.push({ path: segments.join('.'), value: SENSITIVE, sensitive: true })
      return
    }
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const key of Object.keys(value).sort()) walk(value[key], [...segments, key])
      return
    }
    out.push({ path: segments.join('.'), value })
  }
  for (const key of Object.keys(attributes ?? {}).sort()) walk(attributes?.[key], [key])
  return out
}

/** The value as JSON, folded onto `indent`ed continuation lines when long. */
export function foldValue(value: unknown, indent: string): string {
  const text = value === SENSITIVE ? SENSITIVE : (JSON.stringify(value) ?? 'null')
  if (text.length <= FOLD_WIDTH) return text
  const parts: string[] = []
  for (let i = 0; i < text.length && parts.length < FOLD_LINES; i += FOLD_WIDTH) {
    parts.push(text.slice(i, i + FOLD_WIDTH))
  }
  const shown = parts.join('').length
  const rest = text.length > shown ? `\n${indent}… (${text.length - shown} more characters)` : ''
  return `${parts.join(`\n${indent}`)}${rest}`
}

function attributeLines(a: PlanAction, colour: boolean, indent: string): string[] {
  if (a.action !== 'create') return []
  return createAttributes(a.attributes).map(
    (attr) =>
      `${indent}${paint('+', 'green', colour)} ${attr.path} = ${foldValue(attr.value, `${indent}    `)}`,
  )
}

/** Every renderer goes through here: environment and secret values never leave as text (docs/reconciling.md). */
function shownChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map(maskSensitiveChange)
}

function diffLines(changes: readonly FieldChange[], colour: boolean, indent: string): string[] {
  return shownChanges(changes).map(
    (c) =>
      `${indent}${c.path}: ${paint(formatValue(c.from), 'red', colour)} → ${paint(formatValue(c.to), 'green', colour)}`,
  )
}

export interface PlanTextOptions {
  readonly colour: boolean
  readonly verbose?: boolean
  readonly costLine?: string
  /** The AWS region the plan was made against, shown first so a wrong profile is caught before apply. */
  readonly region?: string
  /** Clusters inside a freeze window now (see planFreezes). */
  readonly freeze?: readonly PlanFreeze[]
}

/** The step a hook adds to the change: what runs, where, for how long at most. */
export function hookLine(hook: PlannedHook): string {
  const where = hook.container !== undefined ? `container ${hook.container}` : 'the first essential container'
  const timeout =
    hook.timeoutMs % 60_000 === 0 ? `${hook.timeoutMs / 60_000}m` : `${Math.round(hook.timeoutMs / 1000)}s`
  return `pre-deploy hook: runs ${JSON.stringify(hook.command)} in ${where} of the new revision before it rolls out (timeout ${timeout})`
}

function hookToJson(hook: PlannedHook): object {
  return {
    stage: hook.stage,
    command: hook.command,
    container: hook.container ?? null,
    timeoutSeconds: Math.round(hook.timeoutMs / 1000),
  }
}

export function renderPlanText(plan: Plan, options: PlanTextOptions): string {
  const { colour } = options
  const out: string[] = []
  if (options.region) out.push(paint(`region: ${options.region}`, 'bold', colour))
  const freezes = options.freeze ?? []
  for (const freeze of freezes) out.push(paint(`frozen: ${freezeSentence(freeze)}`, 'cyan', colour))
  const shown = plan.actions.filter(
    (a) => a.action !== 'noop' || options.verbose || a.ignored.length > 0 || a.reasons.length > 0,
  )
  const waves = [...new Set(shown.map((a) => a.wave))].sort((a, b) => a - b)
  for (const wave of waves) {
    out.push(paint(`wave ${wave}`, 'bold', colour))
    for (const a of shown.filter((x) => x.wave === wave)) {
      const s = SYMBOL[a.action]
      const freeze = freezeOf(freezes, a)
      const frozen = freeze ? ` ${paint(`[${freezeTag(freeze)}]`, 'cyan', colour)}` : ''
      out.push(
        `  ${paint(`${s.mark} ${actionLabel(a)}`, s.colour, colour)}  ${a.action}${frozen}${a.reasons.length > 0 ? ` — ${a.reasons.join('; ')}` : ''}`,
      )
      if (a.hook) out.push(`      ${paint(hookLine(a.hook), 'cyan', colour)}`)
      out.push(...attributeLines(a, colour, '      '))
      out.push(...diffLines(a.diff, colour, '      '))
      if (a.ignored.length > 0) {
        out.push(
          ...a.ignored.map((c) => `      ${paint(`ignored (drift.ignore): ${c.path}`, 'dim', colour)}`),
        )
      }
    }
  }
  if (plan.prune.blocked.length > 0) {
    out.push(paint(`deletes blocked — ${plan.prune.blockedReason ?? ''}`, 'bold', colour))
    for (const a of plan.prune.blocked) {
      out.push(`  ${paint(`- ${actionLabel(a)}`, 'red', colour)}  delete blocked — ${a.reasons.join('; ')}`)
    }
  }
  if (plan.warnings.length > 0) {
    out.push(paint('warnings', 'bold', colour))
    out.push(...plan.warnings.map((w) => `  ${paint('!', 'yellow', colour)} ${w}`))
  }
  out.push('', planSummary(plan))
  if (options.costLine) out.push(options.costLine)
  return out.join('\n')
}

export function planToJson(
  plan: Plan,
  options: { region?: string; freeze?: readonly PlanFreeze[] } = {},
): object {
  const freezes = options.freeze ?? []
  const frozenOf = (a: PlanAction): object => {
    const freeze = freezeOf(freezes, a)
    return freeze ? { frozen: { cluster: freeze.cluster, until: freeze.until ?? null } } : {}
  }
  return {
    ...(options.region ? { region: options.region } : {}),
    changes: countChanges(plan),
    unknown: unknownActions(plan).length,
    freeze: freezesToJson(freezes),
    actions: plan.actions.map((a) => ({
      kind: a.kind,
      name: a.name,
      cluster: a.cluster ?? null,
      action: a.action,
      wave: a.wave,
      reasons: a.reasons,
      ...(a.error !== undefined ? { error: a.error } : {}),
      ...frozenOf(a),
      diff: a.diff.map(maskSensitiveChange).map((c) => ({
        path: c.path,
        from: c.from ?? null,
        to: c.to ?? null,
        ...(c.sensitive ? { sensitive: true } : {}),
      })),
      ...(a.ignored.length > 0 ? { ignored: a.ignored.map((c) => c.path) } : {}),
      ...(a.action === 'create' && a.attributes ? { attributes: createAttributes(a.attributes) } : {}),
      ...(a.hook ? { hook: hookToJson(a.hook) } : {}),
    })),
    warnings: plan.warnings,
    prune: {
      requested: plan.prune.requested,
      candidates: plan.prune.candidates,
      ...(plan.prune.blockedReason ? { blockedReason: plan.prune.blockedReason } : {}),
      blocked: plan.prune.blocked.map((a) => ({
        kind: a.kind,
        name: a.name,
        cluster: a.cluster ?? null,
        action: a.action,
      })),
    },
  }
}

export function renderPlanMarkdown(
  plan: Plan,
  options: { costLine?: string; region?: string; freeze?: readonly PlanFreeze[] } = {},
): string {
  const { costLine } = options
  const freezes = options.freeze ?? []
  const out = [
    options.region ? `### ecs-reconciler plan (${options.region})` : '### ecs-reconciler plan',
    '',
    `**${planSummary(plan)}**`,
    '',
    ...freezes.flatMap((f) => [`> ❄️ **Frozen:** ${freezeSentence(f)}`, '']),
  ]
  const changed = plan.actions.filter((a) => a.action !== 'noop')
  if (changed.length > 0) {
    out.push('| wave | action | resource | why |', '| ---: | --- | --- | --- |')
    for (const a of changed) {
      out.push(
        `| ${a.wave} | ${SYMBOL[a.action].mark} ${a.action} | ${actionLabel(a)} | ${markdownWhy(a, freezes)} |`,
      )
    }
    const withDiff = changed.filter((a) => a.diff.length > 0 || (a.action === 'create' && a.attributes))
    if (withDiff.length > 0) {
      out.push('', '<details><summary>Field changes</summary>', '', '```diff')
      for (const a of withDiff) {
        out.push(`# ${actionLabel(a)}`)
        if (a.action === 'create') {
          for (const attr of createAttributes(a.attributes)) {
            out.push(`+ ${attr.path}: ${formatValue(attr.value)}`)
          }
        }
        for (const c of shownChanges(a.diff)) {
          out.push(`- ${c.path}: ${formatValue(c.from)}`, `+ ${c.path}: ${formatValue(c.to)}`)
        }
      }
      out.push('```', '', '</details>')
    }
  }
  if (plan.prune.blocked.length > 0) {
    out.push(
      '',
      `**Deletes blocked:** ${plan.prune.blockedReason ?? ''}`,
      '',
      ...plan.prune.blocked.map((a) => `- ~~${actionLabel(a)}~~ (delete blocked)`),
    )
  }
  if (plan.warnings.length > 0) out.push('', ...plan.warnings.map((w) => `> ⚠️ ${w}`))
  if (costLine) out.push('', costLine)
  return out.join('\n')
}

function markdownWhy(a: PlanAction, freezes: readonly PlanFreeze[]): string {
  const freeze = freezeOf(freezes, a)
  const why = a.reasons.join('; ').replace(/\|/g, '\\|')
  return freeze ? `**${freezeTag(freeze)}**${why ? `; ${why}` : ''}` : why
}
