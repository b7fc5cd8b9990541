#!/usr/bin/env node
/** @module Entry point of the `ecs-reconciler` binary. */
import { runCli } from './program.js'

// The lockfile pins SDK releases that support Node 20 (the project's runtime); their notice about
// future releases needing Node 22 is not actionable for users of this binary. Set the variable to
// "false" to see it.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

// `ecs-reconciler graph | head -1`: once the reader has gone, nobody is left to read the rest or an
// error; stop quietly, as Unix tools do on SIGPIPE, instead of crashing with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0)
    process.stderr.write(`error: cannot write output: ${err.message}\n`)
    process.exit(1)
  })
}

process.exitCode = await runCli(process.argv)
