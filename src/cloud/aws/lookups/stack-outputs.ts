/**
 * @module CloudFormation stack outputs for `${cfn:STACK.OUTPUT}`: DescribeStacks, one call per stack
 * name; AWS answers a ValidationError "Stack with id X does not exist" for a stack it does not know
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html).
 */
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation'
import type { AccountLookups } from '../../ports/index.js'
import { awsCodeOf, found, MISSING, unreadable } from '../account/lookups.js'
import type { AccountLookup } from '../../ports/index.js'

type Outputs = Readonly<Record<string, string>>

export async function describeStackOutputs(
  client: CloudFormationClient,
  stacks: readonly string[],
): Promise<AccountLookups<Outputs>> {
  const unique = [...new Set(stacks)]
  const entries = await Promise.all(
    unique.map(async (stack): Promise<[string, AccountLookup<Outputs>]> => [
      stack,
      await stackOutputs(client, stack),
    ]),
  )
  return new Map(entries)
}

async function stackOutputs(client: CloudFormationClient, stack: string): Promise<AccountLookup<Outputs>> {
  try {
    const out = await client.send(new DescribeStacksCommand({ StackName: stack }))
    // A deleted stack is only described by its id; by name it is gone.
    const live = (out.Stacks ?? []).find((s) => s.StackStatus !== 'DELETE_COMPLETE')
    if (!live) return MISSING
    const outputs: Record<string, string> = {}
    for (const o of live.Outputs ?? []) if (o.OutputKey) outputs[o.OutputKey] = o.OutputValue ?? ''
    return found(outputs)
  } catch (err) {
    if (isNoSuchStack(err)) return MISSING
    return unreadable(err, 'CloudFormation.DescribeStacks')
  }
}

function isNoSuchStack(err: unknown): boolean {
  const message = (err as { message?: string } | undefined)?.message ?? ''
  return awsCodeOf(err) === 'ValidationError' && /does not exist/.test(message)
}
