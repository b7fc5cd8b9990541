/** @module The commander program: one file per command, errors rendered without stacks. */
import { Command, CommanderError } from 'commander'
import { ReconcilerError, errorMessage } from '../shared/errors.js'
import { commandRegistry } from './commands/index.js'
import { TOOL_ERROR_EXIT } from './commands/task.js'
import { adoptEnvironmentFlags } from './environment-flags.js'
import { packageVersion } from './version.js'

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command()
    .name('ecs-reconciler')
    .description('GitOps reconciler for Amazon ECS on Fargate')
    .version(packageVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError()
    .hook('preAction', adoptEnvironmentFlags)
  let exitCode = 0
  const setExit = (code: number): void => {
    exitCode = code
  }
  for (const register of commandRegistry) register(program, setExit)
  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (err) {
    // `task run` exits with its container's code, so its own usage errors take 125 (as `docker run`'s do).
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : argv[2] === 'task' ? TOOL_ERROR_EXIT : 1
    }
    if (err instanceof ReconcilerError) {
      process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`)
      return 1
    }
    process.stderr.write(`unexpected error: ${errorMessage(err)}\n`)
    if (process.env['ECS_RECONCILER_DEBUG']) process.stderr.write(`${(err as Error).stack ?? ''}\n`)
    return 1
  }
}
