/**
 * @module The lookups of one environment load: variables, allow-listed process environment, a
 * Terraform state read once, and the SSM parameters and CloudFormation outputs fetched once for the
 * load. Pure: the state, the fetched values and the process environment are given.
 */
import type { EnvironmentSpec } from './environment-schema.js'
import type { Lookup, Reference } from './references.js'
import { lookUpParameter, lookUpStackOutput, type FetchedLookups } from './remote-lookups.js'
import { lookUpState } from './tfstate.js'

/** Where a variable's value came from, once its own references are resolved. */
export interface VariableInfo {
  /** The lookups it used (`tfstate:output.x`); empty for a literal value. */
  readonly sources: readonly string[]
  readonly sensitive: boolean
  /** It holds a lookup this load does not make: whatever uses it is deferred too. */
  readonly deferred: boolean
  /** One of its references could not be resolved (reported at the variable). */
  readonly failed: boolean
}

/** A Terraform state: parsed, why it could not be read, or not read in this load (an S3 state under `validate`). */
export type StateSource =
  { readonly state: Record<string, unknown> } | { readonly error: string } | { readonly deferred: true }

export interface LookupSources {
  readonly spec: EnvironmentSpec
  /** The variables with their own references already resolved. */
  readonly variables?: Readonly<Record<string, unknown>>
  readonly env: Readonly<Record<string, string | undefined>>
  /** The state, or why it could not be read; absent when spec.tfstate is not set. */
  readonly state?: StateSource
  /** The SSM and CloudFormation values read for this load; absent: those lookups are deferred. */
  readonly fetched?: FetchedLookups
  readonly variableInfo?: ReadonlyMap<string, VariableInfo>
}

export function lookupFor(sources: LookupSources): (ref: Reference) => Lookup {
  return (ref) => {
    switch (ref.prefix) {
      case 'var.':
        return variable(sources, ref.name)
      case 'env:':
        return processEnv(sources, ref.name)
      case 'tfstate:':
        return tfstate(sources, ref.name)
      case 'ssm:':
        return sources.fetched ? lookUpParameter(sources.fetched, ref.name) : { deferred: true }
      case 'cfn:':
        return sources.fetched ? lookUpStackOutput(sources.fetched, ref.name) : { deferred: true }
    }
  }
}

function variable(sources: LookupSources, name: string): Lookup {
  const variables = sources.variables
  if (variables === undefined) {
    return {
      error: 'a variable cannot refer to another variable',
      hint: 'write the value, or a ${tfstate:…} or ${env:…} reference',
    }
  }
  if (!Object.hasOwn(variables, name)) {
    const known = Object.keys(variables)
    return {
      error: `no variable ${name} in spec.variables`,
      hint:
        known.length > 0
          ? `the variables: ${known.join(', ')}`
          : 'add it under spec.variables of the Environment',
    }
  }
  const info = sources.variableInfo?.get(name)
  if (info?.failed) {
    return {
      error: `variable ${name} could not be resolved`,
      hint: 'see the problem reported at spec.variables',
    }
  }
  if (info?.deferred) return { deferred: true }
  const source = info && info.sources.length > 0 ? info.sources.join(', ') : `var.${name}`
  return { value: variables[name], sensitive: info?.sensitive ?? false, source }
}

function processEnv(sources: LookupSources, name: string): Lookup {
  if (!(sources.spec.allowEnv ?? []).includes(name)) {
    return {
      error: `environment variable ${name} is not in spec.allowEnv`,
      hint: `add ${name} to spec.allowEnv of the Environment: only listed variables are read`,
    }
  }
  const value = sources.env[name]
  if (value === undefined) {
    return { error: `environment variable ${name} is not set`, hint: `set ${name} where the command runs` }
  }
  return { value }
}

function tfstate(sources: LookupSources, name: string): Lookup {
  const state = sources.state
  if (state === undefined) {
    return {
      error: 'the Environment names no Terraform state',
      hint: 'set spec.tfstate to the state file, relative to the Environment file',
    }
  }
  if ('deferred' in state) return state
  if ('error' in state) return { error: state.error, hint: 'fix spec.tfstate of the Environment' }
  return lookUpState(state.state, name)
}
