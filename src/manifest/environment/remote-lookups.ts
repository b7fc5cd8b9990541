/**
 * @module `${ssm:…}` and `${cfn:STACK.OUTPUT}` answered from what one pass fetched. Pure: the reads
 * happen before (fetch-lookups.ts), deduplicated; here each reference becomes a value or a problem.
 * SSM parameter types: https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-about.html
 */
import type { AccountLookup, AccountLookups, ParameterValue } from '../../cloud/ports/index.js'
import type { Lookup } from './references.js'

export type StackOutputs = Readonly<Record<string, string>>

/** What one pass read for the references of an environment, keyed as the references name them. */
export interface FetchedLookups {
  /** By the parameter as written after `ssm:` (name or ARN, with `:version` or `:label`). */
  readonly parameters: AccountLookups<ParameterValue>
  /** By stack name. */
  readonly stacks: AccountLookups<StackOutputs>
}

export function lookUpParameter(fetched: FetchedLookups, name: string): Lookup {
  const read = fetched.parameters.get(name)
  const failed = failure(read, `SSM parameter ${name}`, 'ssm:GetParameters')
  if (failed) return failed
  const parameter = (read as { value: ParameterValue }).value
  if (parameter.type === 'SecureString') {
    return {
      error: `SSM parameter ${name} is a SecureString: its value is never put into a manifest`,
      hint: 'reference it under the container’s secrets (valueFrom: the parameter ARN) so ECS injects it at run time',
    }
  }
  // A StringList is one string of comma-separated items: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_Parameter.html
  return { value: parameter.type === 'StringList' ? parameter.value.split(',') : parameter.value }
}

/** `STACK.OUTPUT`: stack names hold no dot, so the first one separates them. */
export function lookUpStackOutput(fetched: FetchedLookups, name: string): Lookup {
  const split = splitStackOutput(name)
  if (!split) {
    return {
      error: `"${name}" is not STACK.OUTPUT`,
      hint: 'write the stack name, a dot and the output key: ${cfn:network.PrivateSubnets}',
    }
  }
  const read = fetched.stacks.get(split.stack)
  const failed = failure(read, `CloudFormation stack ${split.stack}`, 'cloudformation:DescribeStacks')
  if (failed) return failed
  const outputs = (read as { value: StackOutputs }).value
  if (!Object.hasOwn(outputs, split.output)) {
    const known = Object.keys(outputs)
    return {
      error: `CloudFormation stack ${split.stack} has no output ${split.output}`,
      hint: known.length > 0 ? `its outputs: ${known.join(', ')}` : 'the stack declares no Outputs',
    }
  }
  return { value: outputs[split.output] }
}

export function splitStackOutput(name: string): { stack: string; output: string } | undefined {
  const dot = name.indexOf('.')
  if (dot <= 0 || dot === name.length - 1) return undefined
  return { stack: name.slice(0, dot), output: name.slice(dot + 1) }
}

/** The problem of a read that found nothing, or undefined when it found the value. */
function failure<T>(
  read: AccountLookup<T> | undefined,
  what: string,
  permission: string,
): Lookup | undefined {
  if (read?.state === 'found') return undefined
  if (read === undefined) return { error: `${what} was not read`, hint: 'please report this' }
  if (read.state === 'missing') {
    return {
      error: `${what} does not exist`,
      hint: 'create it, or fix the name (and region) in the reference',
    }
  }
  return {
    error: `${what} could not be read (${read.detail})`,
    hint: read.denied
      ? `grant ${permission} on it to the reconciler's role (docs/iam.md)`
      : 'the read failed after retries: check the network and try again',
  }
}
