/** @module `ecs-reconciler import`: write manifests from live state; read-only (the same read-only clients as `plan`). */
import type { Command } from 'commander'
import { asEnvironmentOverlay, type OverlayEntry } from '../../import/environment-patches.js'
import { readLiveSystem } from '../../import/live.js'
import { renderImport, type ImportResult } from '../../import/render-import.js'
import { writeImportedFiles } from '../../import/write-files.js'
import { DEFAULT_CLUSTER } from '../../manifest/validate.js'
import { ReconcilerError } from '../../shared/errors.js'
import { openCloud } from '../cloud-factory.js'
import { adoptEnvironment } from '../environment-flags.js'
import { environmentOfOut, type OutEnvironment } from '../import-environment.js'
import { cloudOptions, type CloudFlags } from '../options.js'
import type { RegisterCommand } from './register.js'
import { renderStats } from '../render/stats.js'

interface ImportFlags extends CloudFlags {
  cluster: string[]
  allClusters?: boolean
  namespace: string[]
  out?: string
  force?: boolean
  includeChaos?: boolean
}

const collect = (value: string, previous: string[]): string[] => [...previous, value]

export const registerImport: RegisterCommand = (program, setExit) => {
  const command = defineImportCommand(program)
  for (const option of cloudOptions()) command.addOption(option)
  command.action(async (flags: ImportFlags) => {
    const out = checkFlags(flags)
    // Read once before the cloud opens (the environment decides the region), and again with its lookups.
    const declared = await environmentOfOut(out)
    if (declared) adoptOutEnvironment(declared, flags, command)
    const opened = await openCloud({
      local: flags.local ?? false,
      localState: flags.localState,
      region: flags.region,
      profile: flags.profile,
      maxAttempts: flags.maxAttempts,
      readOnly: true,
    })
    try {
      const environment =
        declared && (await environmentOfOut(out, undefined, () => Promise.resolve(opened.cloud.lookups)))
      const live = await readLiveSystem(opened.cloud.readers, {
        clusters: flags.allClusters ? 'all' : [...new Set(flags.cluster)],
        includeChaos: flags.includeChaos ?? false,
      })
      const source = `region ${opened.cloud.region}`
      const result = renderImport(live, {
        namespaces: [...new Set(flags.namespace)],
        includeChaos: flags.includeChaos ?? false,
        source,
      })
      const overlay = environment
        ? asEnvironmentOverlay(result.files, environment.bases, DEFAULT_CLUSTER, importHeader(source))
        : undefined
      const written = await writeImportedFiles(out, overlay?.files ?? result.files, flags.force ?? false)
      const lines = [`region: ${opened.cloud.region}`, ...written.map((p) => `  wrote ${p}`)]
      lines.push(...summary(result, flags.includeChaos ?? false, overlay?.entries))
      lines.push('', `Next: ecs-reconciler validate ${out} && ecs-reconciler plan ${out} --adopt`)
      process.stdout.write(`${lines.join('\n')}\n`)
      if (flags.stats) process.stderr.write(`${renderStats(opened.cloud.stats)}\n`)
      setExit(0)
    } finally {
      await opened.close()
    }
  })
}

function defineImportCommand(program: Command): Command {
  return program
    .command('import')
    .description(
      'write manifests from live state (read-only): one file per service, plus cluster.yaml and namespaces.yaml',
    )
    .option('--cluster <name>', 'a cluster to import, with all its services (repeatable)', collect, [])
    .option('--all-clusters', 'import every cluster in the region')
    .option(
      '--namespace <name>',
      'a Cloud Map namespace to import (repeatable; the ones imported services use are added)',
      collect,
      [],
    )
    .option(
      '--out <dir>',
      'folder to write the manifests to (files mode 0600: they may hold environment values); a folder with an Environment document gets patches against its bases',
    )
    .option('--force', 'overwrite files that already exist in --out')
    .option(
      '--include-chaos',
      'also import FIS templates that target imported services, as suspended ChaosSchedules',
    )
}

/** The output folder, once the flags are known to make sense together. */
function checkFlags(flags: ImportFlags): string {
  if (!flags.out) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      'import needs --out DIR, the folder to write the manifests to',
      {
        hint: 'e.g. --out imported/',
      },
    )
  }
  if (flags.allClusters && flags.cluster.length > 0) {
    throw new ReconcilerError('INVALID_INPUT', '--all-clusters and --cluster exclude each other', {
      hint: 'use one of them',
    })
  }
  if (!flags.allClusters && flags.cluster.length === 0 && flags.namespace.length === 0) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      'import needs --cluster NAME (repeatable), --all-clusters or --namespace NAME',
      { hint: 'e.g. --cluster shop --namespace shop' },
    )
  }
  return flags.out
}

/** An environment that names its region imports from there; a --region that disagrees is an error. */
function adoptOutEnvironment(environment: OutEnvironment, flags: ImportFlags, command: Command): void {
  const given = (option: 'instance' | 'region'): boolean => {
    const source = command.getOptionValueSource(option)
    return source !== undefined && source !== 'default'
  }
  const problem = adoptEnvironment(environment.environment, flags, given)
  if (problem) throw new ReconcilerError('INVALID_INPUT', problem.message, { hint: problem.hint })
}

function importHeader(source: string): string[] {
  return [`Imported by \`ecs-reconciler import\` from ${source}, as patches against the environment's bases.`]
}

function summary(result: ImportResult, includeChaos: boolean, overlay?: readonly OverlayEntry[]): string[] {
  const lines = [
    'The files are readable by you only (mode 0600): environment values may be secrets; review them before committing.',
  ]
  const c = result.counts
  lines.push(
    `Imported ${c.clusters} cluster(s), ${c.namespaces} namespace(s), ${c.services} service(s)${includeChaos ? `, ${c.chaosSchedules} chaos schedule(s)` : ''}.`,
  )
  if (overlay) lines.push('', "Against the environment's bases:", ...overlay.map(overlayLine))
  if (result.skipped.length > 0) {
    lines.push(
      '',
      `Not imported (${result.skipped.length}):`,
      ...result.skipped.map((s) => `  ${s.resource}: ${s.why}`),
    )
  }
  if (result.leftOut.length > 0) {
    lines.push(
      '',
      `Left out — written as comments in the files, not managed as they are (${result.leftOut.length}):`,
      ...result.leftOut.map((l) => `  ${l.resource} ${l.field}: ${l.why}`),
    )
  } else {
    lines.push('Nothing was left out: every imported setting is in the manifests.')
  }
  return lines
}

function overlayLine(entry: OverlayEntry): string {
  const base = entry.base ? ` (base ${entry.base})` : ''
  const inexact = entry.inexact ? `; check it: ${entry.inexact}` : ''
  return `  ${entry.resource}: ${entry.outcome}${base}${inexact}`
}
