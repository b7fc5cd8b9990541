/**
 * @module Secrets and parameters exist, read without their values: Secrets Manager DescribeSecret and SSM
 * DescribeParameters, never GetSecretValue or GetParameter
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html,
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeParameters.html).
 */
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { paginateDescribeParameters, type SSMClient } from '@aws-sdk/client-ssm'
import type { AccountLookups } from '../../ports/index.js'
import { chunks, readBatch, readEach } from './lookups.js'

/** A ParameterStringFilter takes at most 50 values, and a page at most 50 results. */
const PARAMETERS_PER_CALL = 50

export function describeSecrets(
  client: SecretsManagerClient,
  arns: readonly string[],
): Promise<AccountLookups<true>> {
  return readEach(arns, 'SecretsManager.DescribeSecret', /ResourceNotFound/, async (arn) => {
    const out = await client.send(new DescribeSecretCommand({ SecretId: arn }))
    // A secret scheduled for deletion cannot be read by ECS: it is as good as gone.
    return out.DeletedDate ? undefined : (true as const)
  })
}

export async function describeParameters(
  client: SSMClient,
  names: readonly string[],
): Promise<AccountLookups<true>> {
  const parts = await Promise.all(
    chunks(names, PARAMETERS_PER_CALL).map((batch) =>
      readBatch(batch, 'SSM.DescribeParameters', async () => {
        const seen = new Map<string, true>()
        const input = {
          ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: batch }],
          MaxResults: PARAMETERS_PER_CALL,
        }
        for await (const page of paginateDescribeParameters({ client }, input)) {
          for (const p of page.Parameters ?? []) if (p.Name) seen.set(p.Name, true)
        }
        return seen
      }),
    ),
  )
  return new Map(parts.flatMap((part) => [...part]))
}
