/** @module `ecs-reconciler validate`: load and check manifests; no AWS calls. */
import { loadManifests } from '../../manifest/validate.js'
import { clusterOption, outputOption, pathsArgument, pathsOrDefault } from '../options.js'
import type { RegisterCommand } from '../program.js'
import { colourEnabled } from '../render/colour.js'
import { issuesToJson, renderIssuesText, summariseIssues } from '../render/issues.js'

export const registerValidate: RegisterCommand = (program, setExit) => {
  program
    .command('validate')
    .description('load and check manifests (no AWS calls); exit 0 valid, 1 errors')
    .addArgument(pathsArgument())
    .addOption(outputOption())
    .addOption(clusterOption())
    .action(async (paths: string[], opts: { output: string; cluster: string }) => {
      const result = await loadManifests(pathsOrDefault(paths), { defaultCluster: opts.cluster })
      // Nothing to check is a mistake (a wrong path, an emptied folder), not a clean bill of health.
      if (result.ok && result.set.resources.length === 0) {
        const message = `no manifests found under ${pathsOrDefault(paths).join(', ')}: expected .yaml/.yml files with apiVersion ecs-reconciler/v1alpha1 (check the path)`
        if (opts.output === 'json') process.stdout.write(`${JSON.stringify({ valid: false, files: result.files.length, resources: 0, issues: [], error: message }, null, 2)}\n`)
        else process.stderr.write(`error: ${message}\n`)
        return setExit(1)
      }
      if (opts.output === 'json') {
        process.stdout.write(`${JSON.stringify({ valid: result.ok, files: result.files.length, resources: result.set.resources.length, issues: issuesToJson(result.issues) }, null, 2)}\n`)
      } else {
        const colour = colourEnabled(process.stdout)
        if (result.issues.length > 0) process.stdout.write(`${renderIssuesText(result.issues, colour)}\n`)
        process.stdout.write(`${summariseIssues(result.issues, result.files.length)}; ${result.set.resources.length} resources\n`)
      }
      setExit(result.ok ? 0 : 1)
    })
}
