/** @module `ecs-reconciler graph`: the dependency graph and its waves. */
import { Option } from 'commander'
import { loadManifests } from '../../manifest/validate.js'
import { manifestWaves } from '../../manifest/waves.js'
import { LazyCloud, cloudOptionsOf } from '../lazy-cloud.js'
import { cloudOptions, clusterOption, pathsArgument, pathsOrDefault, type CloudFlags } from '../options.js'
import type { RegisterCommand } from './register.js'
import { colourEnabled } from '../render/colour.js'
import { renderGraphDot, renderGraphMermaid, renderGraphText } from '../render/graph.js'
import { renderIssuesText, summariseIssues } from '../render/issues.js'

interface GraphFlags extends CloudFlags {
  format: string
  cluster: string
  lookups?: boolean
}

export const registerGraph: RegisterCommand = (program, setExit) => {
  const command = program
    .command('graph')
    .description('print the dependency graph and apply waves (no AWS calls unless --lookups)')
    .addArgument(pathsArgument())
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'mermaid', 'dot'])
        .default('text'),
    )
    .addOption(clusterOption())
    .option(
      '--lookups',
      'read ${ssm:…}, ${cfn:…} and an S3 Terraform state from AWS (read-only), so that the documents using them are in the graph',
    )
  for (const option of cloudOptions()) command.addOption(option)
  command.action(async (paths: string[], opts: GraphFlags) => {
    const cloud = opts.lookups ? new LazyCloud(cloudOptionsOf(opts, true)) : undefined
    const result = await loadManifests(pathsOrDefault(paths), {
      defaultCluster: opts.cluster,
      ...(cloud ? { lookups: cloud.lookups } : {}),
    }).finally(() => cloud?.close())
    const waves = manifestWaves(result.graph)
    if (!result.ok || !waves.ok) {
      process.stderr.write(
        `${renderIssuesText(result.issues, colourEnabled(process.stderr))}\n${summariseIssues(result.issues, result.files.length)}\n`,
      )
      setExit(1)
      return
    }
    // A document left out (its lookups not read) is said, never silently missing from the graph.
    if (result.issues.length > 0) {
      process.stderr.write(`${renderIssuesText(result.issues, colourEnabled(process.stderr))}\n`)
    }
    const render =
      opts.format === 'mermaid'
        ? renderGraphMermaid
        : opts.format === 'dot'
          ? renderGraphDot
          : renderGraphText
    process.stdout.write(`${render(result.graph, waves.waves)}\n`)
  })
}
