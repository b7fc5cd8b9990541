/**
 * @module Reads what the `${ssm:…}` and `${cfn:…}` references of one load need, once each: every
 * parameter in GetParameters batches, every stack once however many of its outputs are used.
 */
import type { LookupReader } from '../../cloud/ports/index.js'
import type { Reference } from './references.js'
import { splitStackOutput, type FetchedLookups } from './remote-lookups.js'

export const NOTHING_FETCHED: FetchedLookups = { parameters: new Map(), stacks: new Map() }

export async function fetchLookups(
  references: readonly Reference[],
  reader: LookupReader,
): Promise<FetchedLookups> {
  const parameters = new Set<string>()
  const stacks = new Set<string>()
  for (const ref of references) {
    if (ref.prefix === 'ssm:' && ref.name !== '') parameters.add(ref.name)
    const stack = ref.prefix === 'cfn:' ? splitStackOutput(ref.name)?.stack : undefined
    if (stack) stacks.add(stack)
  }
  const [byName, byStack] = await Promise.all([
    parameters.size > 0 ? reader.getParameters([...parameters]) : NOTHING_FETCHED.parameters,
    stacks.size > 0 ? reader.describeStackOutputs([...stacks]) : NOTHING_FETCHED.stacks,
  ])
  return { parameters: byName, stacks: byStack }
}

/** Whether a reference is read from AWS (and so deferred when nothing may call AWS). */
export function isRemote(ref: Reference): boolean {
  return ref.prefix === 'ssm:' || ref.prefix === 'cfn:'
}
