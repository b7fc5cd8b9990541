#!/usr/bin/env node
/** @module Entry point of the `ecs-reconciler` binary. */
import { runCli } from './program.js'

// The lockfile pins SDK releases that support Node 20 (the project's runtime); their notice about
// future releases needing Node 22 is not actionable for users of this binary. Set the variable to
// "false" to see it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

process.exitCode = await runCli(process.argv)
