/** @module `ecs-reconciler import`: write manifests from live state; read-only (the same read-only clients as `plan`). */
import { readLiveSystem } from '../../import/live.js'
import { renderImport } from '../../import/render-import.js'
import { writeImportedFiles } from '../../import/write-files.js'
import { ReconcilerError } from '../../shared/errors.js'
import { openCloud } from '../cloud-factory.js'
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
  const command = program
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
      'folder to write the manifests to (files mode 0600: they may hold environment values)',
    )
    .option('--force', 'overwrite files that already exist in --out')
    .option(
      '--include-chaos',
      'also import FIS templates that target imported services, as suspended ChaosSchedules',
    )
  for (const option of cloudOptions()) command.addOption(option)
  command.action(async (flags: ImportFlags) => {
    if (!flags.out) {
      throw new ReconcilerError(
        'INVALID_INPUT',
        'import needs --out DIR, the folder to write the manifests to',
        { hint: 'e.g. --out imported/' },
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
    const opened = await openCloud({
      local: flags.local ?? false,
      localState: flags.localState,
      region: flags.region,
      profile: flags.profile,
      maxAttempts: flags.maxAttempts,
      readOnly: true,
    })
    try {
      const clusters = flags.allClusters ? 'all' : [...new Set(flags.cluster)]
      const live = await readLiveSystem(opened.cloud.readers, {
        clusters,
        includeChaos: flags.includeChaos ?? false,
      })
      const result = renderImport(live, {
        namespaces: [...new Set(flags.namespace)],
        includeChaos: flags.includeChaos ?? false,
        source: `region ${opened.cloud.region}`,
      })
      const written = await writeImportedFiles(flags.out, result.files, flags.force ?? false)
      const out: string[] = [`region: ${opened.cloud.region}`]
      out.push(...written.map((p) => `  wrote ${p}`))
      out.push(
        'The files are readable by you only (mode 0600): environment values may be secrets; review them before committing.',
      )
      const c = result.counts
      out.push(
        `Imported ${c.clusters} cluster(s), ${c.namespaces} namespace(s), ${c.services} service(s)${flags.includeChaos ? `, ${c.chaosSchedules} chaos schedule(s)` : ''}.`,
      )
      if (result.skipped.length > 0) {
        out.push(
          '',
          `Not imported (${result.skipped.length}):`,
          ...result.skipped.map((s) => `  ${s.resource}: ${s.why}`),
        )
      }
      if (result.leftOut.length > 0) {
        out.push(
          '',
          `Left out — written as comments in the files, not managed as they are (${result.leftOut.length}):`,
          ...result.leftOut.map((l) => `  ${l.resource} ${l.field}: ${l.why}`),
        )
      } else {
        out.push('Nothing was left out: every imported setting is in the manifests.')
      }
      out.push('', `Next: ecs-reconciler validate ${flags.out} && ecs-reconciler plan ${flags.out} --adopt`)
      process.stdout.write(`${out.join('\n')}\n`)
      if (flags.stats) process.stderr.write(`${renderStats(opened.cloud.stats)}\n`)
      setExit(0)
    } finally {
      await opened.close()
    }
  })
}
