/** @module The LookupReader on the AWS SDK: SSM parameters, CloudFormation outputs, S3 objects. */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import type { S3Client } from '@aws-sdk/client-s3'
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { LookupReader } from '../../ports/index.js'
import { getParameters } from './parameters.js'
import { describeStackOutputs } from './stack-outputs.js'
import { getObjectText } from './state-object.js'

export interface LookupClients {
  readonly ssm: SSMClient
  readonly cloudFormation: CloudFormationClient
  readonly s3: S3Client
}

export function createLookupReader(clients: LookupClients): LookupReader {
  return {
    getParameters: (names) => getParameters(clients.ssm, names),
    describeStackOutputs: (stacks) => describeStackOutputs(clients.cloudFormation, stacks),
    getObjectText: (bucket, key) => getObjectText(clients.s3, bucket, key),
  }
}
