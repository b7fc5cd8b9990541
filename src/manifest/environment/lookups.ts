/**
 * @module The lookups of one environment load: variables, allow-listed process environment and a
 * Terraform state read once. SSM and CloudFormation lookups are refused with a clear message:
 * this version does not read them yet. Pure: the state and the process environment are given.
 */
import type { EnvironmentSpec } from './environment-schema.js'
import type { Lookup, Reference } from './references.js'
import { lookUpState } from './tfstate.js'

export interface LookupSources {
  readonly spec: EnvironmentSpec
  /** The variables with their own references already resolved. */
  readonly variables?: Readonly<Record<string, unknown>>
  readonly env: Readonly<Record<string, string | undefined>>
  /** The parsed state, or why it could not be read; absent when spec.tfstate is not set. */
  readonly state?: { readonly state: Record<string, unknown> } | { readonly error: string }
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
      case 'cfn:':
        return {
          error: `${ref.prefix} lookups are not supported by this version`,
          hint: 'write the value, or put it in the Terraform state and use ${tfstate:…}',
        }
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
  return { value: variables[name] }
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
  if ('error' in state) return { error: state.error, hint: 'fix spec.tfstate of the Environment' }
  return lookUpState(state.state, name)
}
