/**
 * @module Each secret a container reads exists: Secrets Manager secrets through DescribeSecret, SSM
 * parameters through DescribeParameters; their values are never read
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html).
 */
import type { ServiceResource } from '../../manifest/model.js'
import { anyLookup, failed, judgeLookup, passed, skipped } from '../judge.js'
import { secretSourceOf } from '../references.js'
import type { Probe, VerifyContext } from '../types.js'
import { existenceProbe, probeAt, settledProbe, type VerifyRule } from './probe.js'

function secretProbe(
  resource: ServiceResource,
  path: readonly (string | number)[],
  valueFrom: string,
  context: VerifyContext,
): Probe {
  const source = secretSourceOf(valueFrom, context.region)
  if ('unknown' in source) {
    return settledProbe(
      resource,
      path,
      'secret',
      valueFrom,
      failed(
        'neither a Secrets Manager secret ARN nor an SSM parameter ARN',
        'write arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME or arn:aws:ssm:REGION:ACCOUNT:parameter/NAME',
      ),
    )
  }
  if (source.region !== context.region) {
    return settledProbe(
      resource,
      path,
      'secret',
      valueFrom,
      skipped(`in region ${source.region}, not ${context.region}`),
    )
  }
  if ('secretArn' in source) {
    return existenceProbe(resource, path, {
      check: 'secret',
      name: source.secretArn,
      kind: 'secrets',
      missing: 'secret does not exist',
      hint: 'create the secret, or fix the ARN (its 6-character suffix included)',
      found: () => passed('exists (its value is not read)'),
    })
  }
  const names = source.parameterNames
  return probeAt(resource, path, {
    check: 'parameter',
    resource: source.name,
    reads: { parameters: names },
    judge: (facts) =>
      judgeLookup(
        anyLookup(names.map((n) => facts.parameters.get(n))),
        failed('parameter does not exist', `create the SSM parameter ${source.name}, or fix the ARN`),
        () => passed('exists (its value is not read)'),
      ),
  })
}

export const secretRule: VerifyRule = (resource, context) => {
  if (resource.kind !== 'Service') return []
  return resource.spec.taskDefinition.containers.flatMap((container, i) => {
    const at = ['taskDefinition', 'containers', i, 'secrets']
    const secrets = container.secrets ?? {}
    // The map names each secret; the API's list form is addressed by position.
    return Array.isArray(secrets)
      ? secrets.map((s, j) => secretProbe(resource, [...at, j, 'valueFrom'], s.valueFrom, context))
      : Object.entries(secrets).map(([name, valueFrom]) =>
          secretProbe(resource, [...at, name], valueFrom, context),
        )
  })
}
