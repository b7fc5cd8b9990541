/**
 * @module The command `plan --out FILE` prints to apply that plan: it must work pasted as it is,
 * so it carries the options that choose the cloud (which the saved plan does not record) and
 * quotes every argument a shell would split or expand.
 */
import type { CloudFlags } from './options.js'

/** Quotes `arg` for a POSIX shell when it holds anything besides plainly safe characters. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`
}

/** `ecs-reconciler apply FILE` plus the options that pick the same cloud and account the plan was made against. */
export function applyCommandFor(file: string, flags: CloudFlags): string {
  const args = ['ecs-reconciler', 'apply', file]
  if (flags.local) args.push('--local')
  if (flags.localState !== undefined) args.push('--local-state', flags.localState)
  if (flags.consistencyLag !== undefined) args.push('--consistency-lag', `${flags.consistencyLag}ms`)
  if (flags.region !== undefined) args.push('--region', flags.region)
  if (flags.profile !== undefined) args.push('--profile', flags.profile)
  if (flags.maxAttempts !== undefined) args.push('--max-attempts', String(flags.maxAttempts))
  return args.map(shellQuote).join(' ')
}
