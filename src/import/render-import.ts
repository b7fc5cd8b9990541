/**
 * @module Live state → manifest files: one per service, plus `cluster.yaml`, `namespaces.yaml` and (with
 * chaos) `chaos.yaml`. No `dependsOn` is written: live state has no record of an order between
 * services, and the order Service Connect implies (clients after the servers of their namespace)
 * follows from the manifests anyway. Pure.
 */
import type { ActualExperimentTemplate, ActualNamespace } from '../cloud/ports/index.js'
import { DNS_LABEL } from '../manifest/schema/common.js'
import { TAG_RESOURCE } from '../reconciler/ownership.js'
import { ReconcilerError } from '../shared/errors.js'
import { fileText, type ImportedDocument } from './documents.js'
import { LeftOutList, type LeftOut } from './left-out.js'
import { clusterNameOf, type LiveSystem } from './live.js'
import { chaosTargetOf, renderChaosSpec, renderClusterSpec, renderNamespaceSpec } from './render-others.js'
import { renderServiceSpec } from './render-service.js'

export interface ImportRequest {
  /** Namespaces asked for by name; the ones imported services and clusters use are added. */
  readonly namespaces: readonly string[]
  readonly includeChaos: boolean
  /** Where it came from, for the header comment (`region us-east-1`). */
  readonly source: string
}

export interface ImportedFile {
  /** Relative to the output folder. */
  readonly path: string
  readonly text: string
  /** The documents the text holds. */
  readonly documents: readonly ImportedDocument[]
}

export interface Skipped {
  readonly resource: string
  readonly why: string
}

export interface ImportResult {
  readonly files: ImportedFile[]
  readonly leftOut: LeftOut[]
  readonly skipped: Skipped[]
  readonly counts: { clusters: number; namespaces: number; services: number; chaosSchedules: number }
}

const isDnsLabel = (name: string): boolean => name.length <= 63 && DNS_LABEL.test(name)

function notesFor(list: LeftOutList): string[] {
  if (list.items.length === 0) return []
  return [
    'Left out — the manifests cannot say these, so ecs-reconciler will not manage them as they are:',
    ...list.items.map((i) => `  ${i.field}: ${i.why}`),
  ]
}

/** What the rendering steps collect as they go: what was left out or skipped, and the namespaces to import. */
interface Collected {
  readonly leftOut: LeftOut[]
  readonly skipped: Skipped[]
  readonly wantedNamespaces: Set<string>
}

/** Names a namespace given by ARN, id or name (as live state refers to them); unknown refs stay as they are. */
function namespaceNamer(live: LiveSystem): (ref: string) => string {
  const byRef = new Map<string, ActualNamespace>()
  for (const ns of live.namespaces) for (const ref of [ns.arn, ns.id, ns.name]) byRef.set(ref, ns)
  return (ref) => byRef.get(ref)?.name ?? ref
}

function checkRequestedNamespaces(live: LiveSystem, request: ImportRequest): void {
  const unknown = request.namespaces.filter((n) => !live.namespaces.some((ns) => ns.name === n))
  if (unknown.length > 0) {
    throw new ReconcilerError(
      'INVALID_INPUT',
      `no Cloud Map HTTP namespace named ${unknown.map((n) => `"${n}"`).join(', ')} in this region`,
      { hint: 'check --namespace, --region and --profile' },
    )
  }
}

export function renderImport(live: LiveSystem, request: ImportRequest): ImportResult {
  const namespaceName = namespaceNamer(live)
  checkRequestedNamespaces(live, request)
  const collected: Collected = { leftOut: [], skipped: [], wantedNamespaces: new Set(request.namespaces) }
  const header = [`Imported by \`ecs-reconciler import\` from ${request.source}.`]
  const clusterDocs = clusterDocuments(live, namespaceName, collected)
  const services = serviceFiles(live, namespaceName, header, collected)
  const namespaceDocs = namespaceDocuments(live, collected)
  const chaosDocs = request.includeChaos
    ? chaosDocuments(live.experimentTemplates, services.imported, collected.leftOut)
    : []

  const files: ImportedFile[] = []
  if (clusterDocs.length > 0) files.push(file('cluster.yaml', header, clusterDocs))
  if (namespaceDocs.length > 0) files.push(file('namespaces.yaml', header, namespaceDocs))
  files.push(...services.files.sort((a, b) => a.path.localeCompare(b.path)))
  if (chaosDocs.length > 0) files.push(file('chaos.yaml', header, chaosDocs))
  return {
    files,
    leftOut: collected.leftOut,
    skipped: collected.skipped,
    counts: {
      clusters: clusterDocs.length,
      namespaces: namespaceDocs.length,
      services: services.files.length,
      chaosSchedules: chaosDocs.length,
    },
  }
}

function clusterDocuments(
  live: LiveSystem,
  namespaceName: (ref: string) => string,
  collected: Collected,
): ImportedDocument[] {
  const docs: ImportedDocument[] = []
  for (const cluster of live.clusters) {
    const label = `Cluster ${cluster.name}`
    if (!isDnsLabel(cluster.name)) {
      collected.skipped.push({
        resource: label,
        why: 'its name is not a DNS label, which manifests require; its services still name it in spec.cluster',
      })
      continue
    }
    const list = new LeftOutList(label)
    const spec = renderClusterSpec(cluster, namespaceName, list)
    if (cluster.serviceConnectDefaultsNamespace) {
      collected.wantedNamespaces.add(namespaceName(cluster.serviceConnectDefaultsNamespace))
    }
    docs.push({ kind: 'Cluster', name: cluster.name, spec, notes: notesFor(list) })
    collected.leftOut.push(...list.items)
  }
  return docs
}

/** One file per service (in a folder per cluster when there are several), and the `cluster/service` keys imported. */
function serviceFiles(
  live: LiveSystem,
  namespaceName: (ref: string) => string,
  header: readonly string[],
  collected: Collected,
): { files: ImportedFile[]; imported: Set<string> } {
  const perCluster = new Set(live.clusters.map((c) => c.name)).size > 1
  const files: ImportedFile[] = []
  const imported = new Set<string>()
  for (const entry of live.services) {
    const cluster = clusterNameOf(entry.service, live.clusters)
    const label = `Service ${cluster}/${entry.service.name}`
    if (!isDnsLabel(entry.service.name)) {
      collected.skipped.push({ resource: label, why: 'its name is not a DNS label, which manifests require' })
      continue
    }
    if (!entry.taskDefinition) {
      collected.skipped.push({
        resource: label,
        why: `its task definition ${entry.service.taskDefinition} could not be read`,
      })
      continue
    }
    const list = new LeftOutList(label)
    const liveCluster = live.clusters.find((c) => c.name === cluster)
    const spec = renderServiceSpec(entry.service, entry.taskDefinition, entry.scaling, {
      cluster,
      namespaceName,
      clusterStrategy: liveCluster?.defaultCapacityProviderStrategy ?? [],
      leftOut: list,
    })
    const sc = spec['serviceConnect'] as { namespace?: string } | undefined
    if (sc?.namespace) collected.wantedNamespaces.add(sc.namespace)
    imported.add(`${cluster}/${entry.service.name}`)
    collected.leftOut.push(...list.items)
    const path = perCluster ? `${cluster}/${entry.service.name}.yaml` : `${entry.service.name}.yaml`
    files.push(
      file(path, header, [{ kind: 'Service', name: entry.service.name, spec, notes: notesFor(list) }]),
    )
  }
  return { files, imported }
}

/** The namespaces asked for or used, by name. */
function namespaceDocuments(live: LiveSystem, collected: Collected): ImportedDocument[] {
  return live.namespaces
    .filter((ns) => collected.wantedNamespaces.has(ns.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((ns) => {
      if (!isDnsLabel(ns.name)) {
        collected.skipped.push({
          resource: `Namespace ${ns.name}`,
          why: 'its name is not a DNS label, which manifests require',
        })
        return []
      }
      return [{ kind: 'Namespace' as const, name: ns.name, spec: renderNamespaceSpec(ns), notes: [] }]
    })
}

function file(path: string, header: readonly string[], documents: ImportedDocument[]): ImportedFile {
  return { path, text: fileText(header, documents), documents }
}

const CHAOS_NOTES = [
  'Imported from an FIS experiment template. FIS templates have no schedule: the schedule below is a',
  'placeholder and the schedule is suspended. Set a real schedule, then remove `suspend: true`.',
]
const FOREIGN_TEMPLATE =
  "Applying this creates a template of its own (tagged as ecs-reconciler's); the original is left alone."

function chaosDocuments(
  templates: readonly ActualExperimentTemplate[],
  imported: ReadonlySet<string>,
  leftOut: LeftOut[],
): ImportedDocument[] {
  const used = new Set<string>()
  const docs: ImportedDocument[] = []
  for (const template of templates) {
    const target = chaosTargetOf(template)
    if (!target || !imported.has(`${target.cluster}/${target.service}`)) continue
    const name = uniqueName(chaosName(template, target.service), used)
    const list = new LeftOutList(`ChaosSchedule ${name}`)
    const spec = renderChaosSpec(template, target, list)
    leftOut.push(...list.items)
    docs.push({
      kind: 'ChaosSchedule',
      name,
      spec,
      notes: [
        ...CHAOS_NOTES,
        ...(template.tags[TAG_RESOURCE] === `ChaosSchedule/${name}` ? [] : [FOREIGN_TEMPLATE]),
        `Template: ${template.id}.`,
        ...notesFor(list),
      ],
      valueComments: [
        { path: ['schedule'], comment: 'placeholder: FIS templates carry no schedule' },
        {
          path: ['suspend'],
          comment: 'imported suspended: nothing runs until you set the schedule and remove this',
        },
      ],
    })
  }
  return docs
}

/** Ours already carry their name; others are named by their `Name` tag, else after the service. */
function chaosName(template: ActualExperimentTemplate, service: string): string {
  const ours = template.tags[TAG_RESOURCE]
  if (ours?.startsWith('ChaosSchedule/') && isDnsLabel(ours.slice('ChaosSchedule/'.length))) {
    return ours.slice('ChaosSchedule/'.length)
  }
  const tagged = template.tags['Name']?.toLowerCase()
  if (tagged && isDnsLabel(tagged)) return tagged
  return `${service}-chaos`.slice(0, 60).replace(/-+$/, '')
}

function uniqueName(base: string, used: Set<string>): string {
  let name = base
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`
  used.add(name)
  return name
}
