/**
 * @module Field documentation in one fixed format. Each schema field's `.describe()` text is made
 * here, so the JSON Schema (editor hover) and docs/manifests.md say the same thing, and the doc
 * generator can take the default and the AWS reference back out of the text.
 */

/** An AWS API reference page and the field or shape on it that a manifest field maps to. */
export interface AwsRef {
  readonly label: string
  readonly url: string
}

export interface FieldDoc {
  /** What the field is, in one line. */
  readonly text: string
  /** What applies when the field is left out (our reconciler's value or AWS's), when anything does. */
  readonly default?: string
  /** A value as written in a manifest, for fields whose format is not obvious. */
  readonly example?: string
  readonly aws?: AwsRef
}

const DEFAULT = 'Default: '
const EXAMPLE = 'Example: '
const AWS = 'AWS: '

/** `text`, then one line each for the default, an example and the AWS page. */
export function doc(field: FieldDoc): string {
  const lines = [field.text]
  if (field.default !== undefined) lines.push(`${DEFAULT}${field.default}`)
  if (field.example !== undefined) lines.push(`${EXAMPLE}${field.example}`)
  if (field.aws) lines.push(`${AWS}${field.aws.label} ${field.aws.url}`)
  return lines.join('\n')
}

/** The parts of a text `doc` made. */
export function parseDoc(description: string): FieldDoc {
  const [text = '', ...rest] = description.split('\n')
  const after = (prefix: string): string | undefined =>
    rest.find((l) => l.startsWith(prefix))?.slice(prefix.length)
  const aws = after(AWS)
  const cut = aws?.lastIndexOf(' ') ?? -1
  const def = after(DEFAULT)
  const example = after(EXAMPLE)
  return {
    text,
    ...(def !== undefined ? { default: def } : {}),
    ...(example !== undefined ? { example } : {}),
    ...(aws !== undefined && cut > 0 ? { aws: { label: aws.slice(0, cut), url: aws.slice(cut + 1) } } : {}),
  }
}

const ECS_API = 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/'
const CLOUD_MAP_API = 'https://docs.aws.amazon.com/cloud-map/latest/api/'
const AAS_API = 'https://docs.aws.amazon.com/autoscaling/application/APIReference/'
const FIS_API = 'https://docs.aws.amazon.com/fis/latest/APIReference/'

const ref =
  (base: string, service: string) =>
  (shape: string, field?: string): AwsRef => ({
    label: `${service} ${shape}${field ? `.${field}` : ''}`,
    url: `${base}API_${shape}.html`,
  })

/** ECS API reference: `ecs('ContainerDefinition', 'image')`. */
export const ecs = ref(ECS_API, 'ECS')
/** AWS Cloud Map API reference. */
export const cloudMap = ref(CLOUD_MAP_API, 'Cloud Map')
/** Application Auto Scaling API reference. */
export const autoScaling = ref(AAS_API, 'Application Auto Scaling')
/** AWS FIS API reference. */
export const fis = ref(FIS_API, 'FIS')
/** The FIS user guide's list of ECS actions and their parameters. */
export const FIS_ECS_ACTIONS: AwsRef = {
  label: 'FIS ECS actions',
  url: 'https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference',
}
