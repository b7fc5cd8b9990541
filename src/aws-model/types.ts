/**
 * @module The shape of the generated AWS service models (src/aws-model/generated/*): what a request or
 * response may hold, as AWS's published model says. A leaf: it imports nothing of ours, so the manifest
 * schema, the local cloud and import may all read it.
 */

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'double'
  | 'float'
  | 'boolean'
  | 'timestamp'
  | 'blob'

export interface MemberRef {
  readonly shape: string
  /** Where a REST protocol carries the member (uri, querystring, header); absent = the body. */
  readonly location?: string
  readonly locationName?: string
  readonly idempotencyToken?: boolean
  readonly jsonvalue?: boolean
  readonly timestampFormat?: string
}

export interface ErrorTraits {
  readonly code?: string
  readonly httpStatusCode?: number
  readonly senderFault?: boolean
  readonly fault?: boolean
}

export interface Shape {
  readonly type: ShapeType
  readonly required?: readonly string[]
  readonly enum?: readonly string[]
  /** Length for strings, lists and maps; value for numbers (Smithy's length and range traits). */
  readonly min?: number
  readonly max?: number
  /** A regular expression the whole value must match (see compilePattern in validate.ts). */
  readonly pattern?: string
  readonly sensitive?: boolean
  readonly union?: boolean
  readonly document?: boolean
  readonly member?: string
  readonly key?: string
  readonly value?: string
  readonly members?: Readonly<Record<string, MemberRef>>
  readonly exception?: ErrorTraits
}

export interface Operation {
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number }
  readonly input?: string
  readonly output?: string
  /** The error shapes the model declares for this operation. */
  readonly errors: readonly string[]
  readonly idempotent?: boolean
}

export interface ServiceModel {
  readonly source: {
    readonly package: string
    readonly version: string
    readonly file: string
    readonly sha256: string
  }
  readonly metadata: {
    readonly apiVersion: string
    readonly protocol: string
    readonly protocols?: readonly string[]
    readonly jsonVersion?: string
    readonly targetPrefix?: string
    readonly endpointPrefix: string
    readonly serviceId: string
    readonly signingName?: string
  }
  /** Errors any operation of the service may return (not declared per operation in the model). */
  readonly commonErrors: readonly string[]
  readonly operations: Readonly<Record<string, Operation>>
  readonly shapes: Readonly<Record<string, Shape>>
}
