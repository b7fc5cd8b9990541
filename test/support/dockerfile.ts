/**
 * The repository's Dockerfile as tests read it: instructions (continuations joined, comments
 * dropped), stages with their base image resolved from `ARG` defaults, and the runtime (last)
 * stage's settings. Enough of the Dockerfile reference for this one file, not a general parser
 * (https://docs.docker.com/reference/dockerfile/).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from './example.js'

export interface Instruction {
  readonly keyword: string
  readonly args: string
  readonly line: number
}

export interface Stage {
  /** The FROM argument as written, e.g. `${BASE_IMAGE}`. */
  readonly from: string
  /** The FROM argument with `${ARG}` replaced by the default of a global ARG. */
  readonly image: string
  readonly name: string | undefined
  readonly instructions: Instruction[]
}

/** Instructions with continuation lines joined; comment lines (also inside a continuation) dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = []
  let buffer = ''
  let start = 0
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trimEnd()
    if (/^\s*#/.test(line) || (buffer === '' && line.trim() === '')) continue
    if (buffer === '') start = i + 1
    if (line.endsWith('\\')) {
      buffer += `${line.slice(0, -1)} `
      continue
    }
    buffer += line
    const match = /^\s*(\w+)\s*(.*)$/s.exec(buffer)
    if (match) {
      out.push({ keyword: (match[1] ?? '').toUpperCase(), args: (match[2] ?? '').trim(), line: start })
    }
    buffer = ''
  }
  return out
}

/** `ARG NAME=default` before the first FROM: the global build arguments and their defaults. */
export function globalArgs(instructions: readonly Instruction[]): Record<string, string> {
  const args: Record<string, string> = {}
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') break
    if (ins.keyword !== 'ARG') continue
    const [name = '', value = ''] = ins.args.split('=', 2)
    args[name.trim()] = value.trim()
  }
  return args
}

export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const args = globalArgs(instructions)
  const stages: Stage[] = []
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const [from = '', as, name] = ins.args.split(/\s+/).filter((t) => !t.startsWith('--'))
      const image = from.replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_, a?: string, b?: string) => args[a ?? b ?? ''] ?? '',
      )
      stages.push({ from, image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] })
    } else {
      stages.at(-1)?.instructions.push(ins)
    }
  }
  return stages
}

/** Exec (JSON) form when the arguments are a JSON array, else undefined (shell form). */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined
  const parsed: unknown = JSON.parse(args)
  return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : undefined
}

export function healthcheckCommand(args: string): string[] | undefined {
  const m = /\bCMD\s+(.*)$/s.exec(args)
  if (!m) return undefined
  return execForm((m[1] ?? '').trim()) ?? ['/bin/sh', '-c', (m[1] ?? '').trim()]
}

/** `--interval=30s` style options of a HEALTHCHECK, in seconds. */
export function healthcheckOptions(args: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const m of args.matchAll(/--([\w-]+)=(\d+)(s|m)?\b/g)) {
    out[m[1] ?? ''] = Number(m[2]) * (m[3] === 'm' ? 60 : 1)
  }
  return out
}

export function instructionsOf(stage: Stage | undefined, keyword: string): Instruction[] {
  return (stage?.instructions ?? []).filter((i) => i.keyword === keyword)
}

export function lastArgs(stage: Stage | undefined, keyword: string): string | undefined {
  return instructionsOf(stage, keyword).at(-1)?.args
}

/** `LABEL a="x" b=y` pairs of a stage (quotes removed). */
export function labelsOf(stage: Stage | undefined): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const ins of instructionsOf(stage, 'LABEL')) {
    for (const m of ins.args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
      labels[m[1] ?? ''] = (m[2] ?? '').replace(/^"|"$/g, '')
    }
  }
  return labels
}

/** The repository's Dockerfile, parsed. */
export function repoDockerfile(): {
  text: string
  instructions: Instruction[]
  stages: Stage[]
  runtime: Stage
} {
  const text = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8')
  const instructions = parseDockerfile(text)
  const stages = stagesOf(instructions)
  const runtime = stages.at(-1)
  if (!runtime) throw new Error('the Dockerfile has no FROM')
  return { text, instructions, stages, runtime }
}
