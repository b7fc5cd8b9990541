/** @module `ecs-reconciler graph`: the dependency graph and its waves. */
import { Option } from 'commander'
import { loadManifests } from '../../manifest/validate.js'
import { manifestWaves } from '../../manifest/waves.js'
import { clusterOption, pathsArgument, pathsOrDefault } from '../options.js'
import type { RegisterCommand } from './register.js'
import { colourEnabled } from '../render/colour.js'
import { renderGraphDot, renderGraphMermaid, renderGraphText } from '../render/graph.js'
import { renderIssuesText, summariseIssues } from '../render/issues.js'

export const registerGraph: RegisterCommand = (program, setExit) => {
  program
    .command('graph')
    .description('print the dependency graph and apply waves')
    .addArgument(pathsArgument())
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'mermaid', 'dot'])
        .default('text'),
    )
    .addOption(clusterOption())
    .action(async (paths: string[], opts: { format: string; cluster: string }) => {
      const result = await loadManifests(pathsOrDefault(paths), { defaultCluster: opts.cluster })
      const waves = manifestWaves(result.graph)
      if (!result.ok || !waves.ok) {
        process.stderr.write(
          `${renderIssuesText(result.issues, colourEnabled(process.stderr))}\n${summariseIssues(result.issues, result.files.length)}\n`,
        )
        setExit(1)
        return
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
