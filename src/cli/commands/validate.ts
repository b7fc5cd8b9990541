/** @module `ecs-reconciler validate`: load and check manifests; no AWS calls. */
import { Option } from 'commander'
import { loadManifests } from '../../manifest/validate.js'
import { loadManifestsInContext, type ContextValidation } from '../../manifest/validate-in-context.js'
import { LazyCloud, cloudOptionsOf } from '../lazy-cloud.js'
import {
  cloudOptions,
  clusterOption,
  outputOption,
  pathsArgument,
  pathsOrDefault,
  type CloudFlags,
} from '../options.js'
import type { RegisterCommand } from './register.js'
import { colourEnabled } from '../render/colour.js'
import { issuesToJson, renderIssuesText, summariseIssues } from '../render/issues.js'

interface ValidateFlags extends CloudFlags {
  lookups?: boolean
  output: string
  cluster: string
  context: string[]
}

export const registerValidate: RegisterCommand = (program, setExit) => {
  const command = program
    .command('validate')
    .description('load and check manifests (no AWS calls unless --lookups); exit 0 valid, 1 errors')
    .addArgument(pathsArgument())
    .addOption(outputOption())
    .addOption(clusterOption())
    .addOption(
      new Option(
        '--context <dir>',
        'also read the manifests under DIR (repeatable) to resolve names; only the problems of the given files, and those they cause in DIR, are reported',
      )
        .argParser((dir: string, dirs: string[]) => [...dirs, dir])
        .default([], 'none'),
    )
    .option(
      '--lookups',
      'also read ${ssm:…}, ${cfn:…} and an S3 Terraform state from AWS (read-only) and check the documents using them',
    )
  for (const option of cloudOptions()) command.addOption(option)
  command.action(async (paths: string[], opts: ValidateFlags) => {
    const targets = pathsOrDefault(paths)
    const cloud = opts.lookups ? new LazyCloud(cloudOptionsOf(opts, true)) : undefined
    const options = { defaultCluster: opts.cluster, ...(cloud ? { lookups: cloud.lookups } : {}) }
    const context =
      opts.context.length > 0 ? await loadManifestsInContext(targets, opts.context, options) : undefined
    const result = context ?? (await loadManifests(targets, options).finally(() => cloud?.close()))
    // With a context the set holds its resources too; only the checked files' are counted.
    const checked = new Set(result.files)
    const resources = result.set.resources.filter((r) => checked.has(r.source.file)).length
    // Nothing to check is a mistake (a wrong path, an emptied folder), not a clean bill of health.
    if (result.ok && resources === 0) {
      const message = `no manifests found under ${targets.join(', ')}: expected .yaml/.yml files with apiVersion ecs-reconciler/v1alpha1 (check the path)`
      if (opts.output === 'json') {
        process.stdout.write(
          `${JSON.stringify({ valid: false, files: result.files.length, resources: 0, issues: [], error: message }, null, 2)}\n`,
        )
      } else process.stderr.write(`error: ${message}\n`)
      return setExit(1)
    }
    if (opts.output === 'json') {
      const json = {
        valid: result.ok,
        files: result.files.length,
        resources,
        issues: issuesToJson(result.issues),
        ...(context ? { context: contextJson(context, opts.context) } : {}),
      }
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
    } else {
      const colour = colourEnabled(process.stdout)
      if (result.issues.length > 0) process.stdout.write(`${renderIssuesText(result.issues, colour)}\n`)
      process.stdout.write(
        `${summariseIssues(result.issues, result.files.length)}; ${resources} resources${context ? contextSummary(context, opts.context) : ''}\n`,
      )
    }
    setExit(result.ok ? 0 : 1)
  })
}

function contextJson(result: ContextValidation, dirs: readonly string[]): object {
  return { paths: dirs, files: result.contextFiles.length, problemsNotShown: result.contextIssues.length }
}

/** The context's own problems are counted, not listed: they are for whoever validates the whole folder. */
function contextSummary(result: ContextValidation, dirs: readonly string[]): string {
  const files = `${result.contextFiles.length} context file${result.contextFiles.length === 1 ? '' : 's'}`
  const problems = result.contextIssues.length
  const unseen =
    problems > 0
      ? `; ${problems} problem${problems === 1 ? '' : 's'} of their own not shown (run: validate ${dirs.join(' ')})`
      : ''
  return ` (names resolved against ${files}${unseen})`
}
