/** @module AWS-shaped errors: the exception name the SDK maps to a class, a message, an HTTP status. */

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message)
    this.name = code
  }
}

/** Shorthands per service, so handlers read like the AWS error tables (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/CommonErrors.html, https://smithy.io/2.0/aws/aws-core.html). */
export const ecsErrors = {
  invalid: (m: string) => new AwsError('InvalidParameterException', m),
  client: (m: string) => new AwsError('ClientException', m),
  clusterNotFound: (m = 'Cluster not found.') => new AwsError('ClusterNotFoundException', m),
  serviceNotFound: (m = 'Service not found.') => new AwsError('ServiceNotFoundException', m),
  serviceNotActive: (m = 'Service was not ACTIVE.') => new AwsError('ServiceNotActiveException', m),
  namespaceNotFound: (m: string) => new AwsError('NamespaceNotFoundException', m),
  /** The API reference lists no dedicated code for too many tags; ECS answers with its parameter error (wording unverified). */
  tooManyTags: (m: string) => new AwsError('InvalidParameterException', m),
}

export const sdErrors = {
  invalid: (m: string) => new AwsError('InvalidInput', m),
  namespaceNotFound: (m: string) => new AwsError('NamespaceNotFound', m, 404),
  serviceNotFound: (m: string) => new AwsError('ServiceNotFound', m, 404),
  operationNotFound: (m: string) => new AwsError('OperationNotFound', m, 404),
  namespaceExists: (m: string) => new AwsError('NamespaceAlreadyExists', m, 409),
  resourceInUse: (m: string) => new AwsError('ResourceInUse', m, 409),
  resourceNotFound: (m: string) => new AwsError('ResourceNotFoundException', m, 404),
  tooManyTags: (m: string) => new AwsError('TooManyTagsException', m),
}

export const aasErrors = {
  validation: (m: string) => new AwsError('ValidationException', m),
  notFound: (m: string) => new AwsError('ObjectNotFoundException', m),
  tooManyTags: (m: string) => new AwsError('TooManyTagsException', m),
}

export const fisErrors = {
  validation: (m: string) => new AwsError('ValidationException', m, 400),
  notFound: (m: string) => new AwsError('ResourceNotFoundException', m, 404),
  conflict: (m: string) => new AwsError('ConflictException', m, 409),
}
