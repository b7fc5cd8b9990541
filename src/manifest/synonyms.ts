/**
 * @module The API's own spellings of the fields manifests write in a friendlier form: a Service may say
 * `containerDefinitions` for `containers`, `networkConfiguration` for `network`,
 * `deploymentConfiguration` for `deployment`, `serviceConnectConfiguration` for `serviceConnect`, and
 * give `tags` as the API's `[{key, value}]` list. Each is turned into the friendly form before the
 * schema runs; giving both spellings is an error. Every later issue points at what was written: the
 * document's source map translates friendly paths back. Pure.
 */
import type { ManifestIssue } from './issues.js'
import type { DocumentSource, FieldPath } from './load/source-map.js'

type Json = Record<string, unknown>

interface Synonym {
  /** Where both spellings live. */
  readonly parent: FieldPath
  readonly api: string
  readonly friendly: string
  /** The friendly value of the API-spelled one; undefined leaves the field out. */
  readonly convert: (value: unknown) => unknown
  /** The path under `api` that was written, for a path under `friendly`. */
  readonly back: (rest: FieldPath) => FieldPath
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const same = (rest: FieldPath): FieldPath => rest

/** The API's AwsVpcConfiguration, with assignPublicIp ENABLED/DISABLED as the manifest's boolean. */
function networkOf(value: unknown): unknown {
  const vpc = isObject(value) ? value['awsvpcConfiguration'] : undefined
  if (!isObject(vpc)) return value
  const ip = vpc['assignPublicIp']
  return ip === 'ENABLED' || ip === 'DISABLED' ? { ...vpc, assignPublicIp: ip === 'ENABLED' } : vpc
}

function deploymentOf(value: unknown): unknown {
  if (!isObject(value) || !('deploymentCircuitBreaker' in value)) return value
  const { deploymentCircuitBreaker, ...rest } = value
  return { ...rest, circuitBreaker: deploymentCircuitBreaker }
}

/** `enabled: false` turns Service Connect off, which the manifest says by leaving it out. */
function serviceConnectOf(value: unknown): unknown {
  if (!isObject(value)) return value
  const { enabled, ...rest } = value
  return enabled === false ? undefined : rest
}

const isTagList = (value: unknown): value is Json[] =>
  Array.isArray(value) && value.every((t) => isObject(t) && typeof t['key'] === 'string')

const tagsOf = (value: unknown): unknown =>
  isTagList(value) ? Object.fromEntries(value.map((t) => [t['key'], t['value'] ?? ''])) : value

const TASK = ['spec', 'taskDefinition']

/** The synonyms of a Service document (the other kinds have none). */
const SERVICE_SYNONYMS: readonly Synonym[] = [
  { parent: TASK, api: 'containerDefinitions', friendly: 'containers', convert: (v) => v, back: same },
  {
    parent: ['spec'],
    api: 'networkConfiguration',
    friendly: 'network',
    convert: networkOf,
    back: (rest) => ['awsvpcConfiguration', ...rest],
  },
  {
    parent: ['spec'],
    api: 'deploymentConfiguration',
    friendly: 'deployment',
    convert: deploymentOf,
    back: (rest) => (rest[0] === 'circuitBreaker' ? ['deploymentCircuitBreaker', ...rest.slice(1)] : rest),
  },
  {
    parent: ['spec'],
    api: 'serviceConnectConfiguration',
    friendly: 'serviceConnect',
    convert: serviceConnectOf,
    back: same,
  },
]

/** Tag lists: the same name, another shape; a tag's issue points at the entry that holds it. */
const TAG_LISTS: readonly FieldPath[] = [['spec'], TASK]

export interface SynonymResult {
  /** The document with every API spelling turned into the friendly one (a copy where it changed). */
  readonly value: unknown
  /** The document's source map, answering friendly paths with the positions of what was written. */
  readonly source: DocumentSource
  readonly issues: ManifestIssue[]
}

export function applySynonyms(kind: string, value: unknown, source: DocumentSource): SynonymResult {
  if (kind !== 'Service') return { value, source, issues: [] }
  const issues: ManifestIssue[] = []
  const applied: Synonym[] = []
  let out = value
  for (const s of SERVICE_SYNONYMS) {
    const parent = at(out, s.parent)
    if (!parent || !(s.api in parent)) continue
    if (s.friendly in parent) {
      issues.push(bothGiven(s, source))
      continue
    }
    const { [s.api]: written, ...rest } = parent
    const friendly = s.convert(written)
    out = replaced(out, s.parent, friendly === undefined ? rest : { ...rest, [s.friendly]: friendly })
    applied.push(s)
  }
  const tagLists: { parent: FieldPath; keys: string[] }[] = []
  for (const path of TAG_LISTS) {
    const parent = at(out, path)
    if (!parent || !isTagList(parent['tags'])) continue
    tagLists.push({ parent: path, keys: parent['tags'].map((t) => String(t['key'])) })
    out = replaced(out, path, { ...parent, tags: tagsOf(parent['tags']) })
  }
  if (applied.length === 0 && tagLists.length === 0) return { value: out, source, issues }
  return { value: out, source: translated(source, applied, tagLists), issues }
}

function bothGiven(s: Synonym, source: DocumentSource): ManifestIssue {
  const path = [...s.parent, s.api]
  return {
    ruleId: 'schema/synonym',
    severity: 'error',
    message: `\`${path.join('.')}\` and \`${s.friendly}\` say the same thing: \`${s.api}\` is the API's spelling of \`${s.friendly}\``,
    hint: `keep one of them`,
    position: source.positionOf(path, { key: true }),
    path,
  }
}

const startsWith = (path: FieldPath, prefix: FieldPath): boolean =>
  prefix.every((segment, i) => path[i] === segment)

/** A source map that answers a friendly path with the position of what was written. */
function translated(
  source: DocumentSource,
  applied: readonly Synonym[],
  tagLists: readonly { parent: FieldPath; keys: string[] }[],
): DocumentSource {
  const writtenPath = (path: FieldPath): FieldPath => {
    for (const s of applied) {
      const friendly = [...s.parent, s.friendly]
      if (startsWith(path, friendly)) {
        return [...s.parent, s.api, ...s.back(path.slice(friendly.length))]
      }
    }
    for (const { parent, keys } of tagLists) {
      const tags = [...parent, 'tags']
      if (startsWith(path, tags) && path.length > tags.length) {
        return [...tags, keys.indexOf(String(path[tags.length])), 'value']
      }
    }
    return path
  }
  return { ...source, positionOf: (path, options) => source.positionOf(writtenPath(path), options) }
}

/** The object at `path` inside `value`, if there is one. */
function at(value: unknown, path: FieldPath): Json | undefined {
  let node = value
  for (const segment of path) node = isObject(node) ? node[segment] : undefined
  return isObject(node) ? node : undefined
}

/** `value` with the object at `path` replaced; the objects on the way are copied, nothing else. */
function replaced(value: unknown, path: FieldPath, replacement: Json): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  const node = value as Json
  return { ...node, [String(head)]: replaced(node[String(head)], rest, replacement) }
}
