/**
 * @module SSM parameter values for `${ssm:…}`: GetParameters, up to 10 names a call, by name or ARN
 * with `:version` or `:label`; a name the call lists in InvalidParameters does not exist
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html). Values
 * are read without decryption: a SecureString is refused by the caller, never decrypted.
 */
import { GetParametersCommand, type Parameter, type SSMClient } from '@aws-sdk/client-ssm'
import type { AccountLookups, ParameterValue } from '../../ports/index.js'
import { chunks, readBatch } from '../account/lookups.js'

/** GetParameters accepts at most 10 names. */
const NAMES_PER_CALL = 10

export async function getParameters(
  client: SSMClient,
  names: readonly string[],
): Promise<AccountLookups<ParameterValue>> {
  const unique = [...new Set(names)]
  const parts = await Promise.all(
    chunks(unique, NAMES_PER_CALL).map((batch) =>
      readBatch(batch, 'SSM.GetParameters', async () => {
        const out = await client.send(new GetParametersCommand({ Names: batch, WithDecryption: false }))
        const invalid = new Set(out.InvalidParameters ?? [])
        const found = new Map<string, ParameterValue>()
        for (const asked of batch) {
          if (invalid.has(asked)) continue
          const parameter = (out.Parameters ?? []).find((p) => answers(asked, p))
          if (parameter) found.set(asked, valueOf(parameter))
        }
        return found
      }),
    ),
  )
  return new Map(parts.flatMap((part) => [...part]))
}

/**
 * Whether `parameter` answers the name asked: its name or ARN, with the selector the answer echoes
 * (`:3`, `:prod`) when one was asked for.
 */
export function answers(asked: string, parameter: Parameter): boolean {
  const { base, selector } = splitSelector(asked)
  const sameParameter = base === parameter.Name || base === parameter.ARN
  return sameParameter && (parameter.Selector ?? '') === selector
}

/** `name[:selector]` or `arn:aws:ssm:region:account:parameter/name[:selector]`: names hold no colon. */
export function splitSelector(asked: string): { base: string; selector: string } {
  const parts = asked.split(':')
  const nameParts = asked.startsWith('arn:') ? 6 : 1
  const base = parts.slice(0, nameParts).join(':')
  const rest = parts.slice(nameParts)
  return { base, selector: rest.length > 0 ? `:${rest.join(':')}` : '' }
}

function valueOf(parameter: Parameter): ParameterValue {
  const type =
    parameter.Type === 'StringList' || parameter.Type === 'SecureString' ? parameter.Type : 'String'
  return { type, value: parameter.Value ?? '', version: parameter.Version ?? 0 }
}
