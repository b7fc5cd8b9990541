/** @module `ecs-reconciler verify`: read-only checks of the manifests against the account; exit 1 on any failed check. */
import { failedChecks, verifyResources } from '../../verify/verify.js'
import { cloudOptionsOf, LazyCloud } from '../lazy-cloud.js'
import { loadValidManifests } from '../load.js'
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
import { renderStats } from '../render/stats.js'
import { renderVerifyText, verifyToJson } from '../render/verify.js'

interface VerifyFlags extends CloudFlags {
  output: string
  cluster: string
}

export const registerVerify: RegisterCommand = (program, setExit) => {
  const command = program
    .command('verify')
    .description(
      'check, read-only, what would make a deploy fail after it started (roles, images, secrets, log groups, network, target groups, alarms); exit 1 on any failed check',
    )
    .addArgument(pathsArgument())
    .addOption(outputOption())
    .addOption(clusterOption())
  for (const option of cloudOptions()) command.addOption(option)
  command.action(async (manifestPaths: string[], flags: VerifyFlags) => {
    const cloud = new LazyCloud(cloudOptionsOf(flags, true))
    const manifests = await loadValidManifests(manifestPaths, flags.cluster, { lookups: cloud.lookups })
    if (!manifests) return cloud.close().then(() => setExit(1))
    // Nothing to check is a mistake (a wrong path), not a clean bill of health.
    if (manifests.set.resources.length === 0) {
      process.stderr.write(
        `error: no manifests found under ${pathsOrDefault(manifestPaths).join(', ')}: expected .yaml/.yml files with apiVersion ecs-reconciler/v1alpha1 (check the path)\n`,
      )
      await cloud.close()
      return setExit(1)
    }
    const opened = await cloud.open()
    try {
      const region = opened.cloud.region
      const checks = await verifyResources(manifests.set.resources, opened.cloud.account, { region })
      const ok = failedChecks(checks).length === 0
      if (flags.output === 'json') {
        process.stdout.write(`${JSON.stringify({ region, ok, verify: verifyToJson(checks) }, null, 2)}\n`)
      } else {
        process.stdout.write(`${renderVerifyText(checks, colourEnabled(process.stdout))}\n`)
      }
      if (flags.stats) process.stderr.write(`${renderStats(opened.cloud.stats)}\n`)
      setExit(ok ? 0 : 1)
    } finally {
      await opened.close()
    }
  })
}
