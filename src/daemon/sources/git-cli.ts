/** @module Runs the `git` CLI with a timeout, never prompting, with the token kept out of argv and of every message. */
import { execFile } from 'node:child_process'

export type Env = Readonly<Record<string, string | undefined>>

/** How git is run for one remote: the child environment and the strings to scrub from its output. */
export interface GitContext {
  readonly env: NodeJS.ProcessEnv
  readonly secrets: readonly string[]
}

/** A failed git command. The message and stderr are already scrubbed of secrets. */
export class GitCommandError extends Error {
  readonly stderr: string
  /** Git's exit code; undefined when git did not run to completion (missing, timed out). */
  readonly exitCode: number | undefined

  constructor(message: string, stderr: string, exitCode: number | undefined) {
    super(message)
    this.name = 'GitCommandError'
    this.stderr = stderr
    this.exitCode = exitCode
  }
}

const TOKEN_VAR = 'ECS_RECONCILER_GIT_TOKEN'
const USERNAME_VAR = 'ECS_RECONCILER_GIT_USERNAME'
/** Inherited variables that would point git at another repository than the one we pass. */
const REPOSITORY_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']

/**
 * Builds the child environment for `url`. The token travels as an `http.extraHeader` config entry in the
 * environment (GIT_CONFIG_COUNT/KEY/VALUE), because argv is visible to every user of the host via `ps`.
 * It is only sent to https remotes: never in clear text, never to local paths.
 */
export function gitContext(url: string, env: Env): GitContext {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }
  for (const name of [TOKEN_VAR, ...REPOSITORY_VARS]) delete childEnv[name]
  const secrets: string[] = []
  const token = env[TOKEN_VAR]?.trim()
  if (token && /^https:\/\//i.test(url)) {
    const basic = Buffer.from(`${env[USERNAME_VAR]?.trim() || 'x-access-token'}:${token}`).toString('base64')
    childEnv.GIT_CONFIG_COUNT = '1'
    childEnv.GIT_CONFIG_KEY_0 = 'http.extraHeader'
    childEnv.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`
    // The base64 form is listed as well: it is what a verbose transport would echo.
    secrets.push(token, basic)
  }
  return { env: childEnv, secrets }
}

/**
 * Query parameters that carry credentials in a remote URL (`?access_token=`, `?private_token=`, a
 * presigned `X-Amz-Signature`...): any name that mentions a token, password, secret, signature or credential.
 */
const CREDENTIAL_QUERY =
  /([?&][^=&#\s'"]*(?:token|passw(?:or)?d|secret|signature|credential)[^=&#\s'"]*=)[^&#\s'"]*/gi

/** Removes the secrets and any credentials embedded in URLs (`https://user:pass@host`, `?access_token=…`) from `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s'"]*@/gi, '$1***@').replace(CREDENTIAL_QUERY, '$1***')
  for (const secret of secrets) if (secret) out = out.split(secret).join('***')
  return out
}

/** Runs `git <args>` and resolves with its stdout, or rejects with a scrubbed GitCommandError. */
export function runGit(args: readonly string[], ctx: GitContext, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { env: ctx.env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout)
        const cleanStderr = scrub(stderr, ctx.secrets)
        const command = `git ${args.find((a) => !a.startsWith('-')) ?? ''}`
        let detail: string
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') detail = 'git is not installed or not on PATH'
        else if (err.killed) detail = `timed out after ${Math.round(timeoutMs / 1000)} s`
        else detail = mainLine(cleanStderr) ?? `exited with code ${String(err.code)}`
        const exitCode = typeof err.code === 'number' ? err.code : undefined
        reject(new GitCommandError(`${command} failed: ${detail}`, cleanStderr, exitCode))
      },
    )
  })
}

/** The line of git's stderr that says what went wrong: the first `fatal:`/`error:` line, else the last one. */
function mainLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines.at(-1)
  return line?.replace(/^(fatal|error):\s*/, '')
}
