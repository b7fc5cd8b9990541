/**
 * @module What a task definition may hold to run on Fargate, and the size limit of any task definition —
 * rules AWS documents in prose, which its service model cannot express.
 *
 * Fargate: "The following task definition parameters are not valid in Fargate tasks: disableNetworking,
 * dnsSearchDomains, dnsServers, dockerSecurityOptions, extraHosts, gpu, ipcMode, links,
 * placementConstraints, privileged, maxSwap, swappiness"; in linuxParameters only CAP_SYS_PTRACE may be
 * added and devices, sharedMemorySize and tmpfs are not supported; volumes cannot use
 * dockerVolumeConfiguration
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
 */
import type { Json } from '../state.js'

const CONTAINER_MEMBERS = [
  'disableNetworking',
  'dnsSearchDomains',
  'dnsServers',
  'dockerSecurityOptions',
  'extraHosts',
  'links',
  'privileged',
] as const
const LINUX_PARAMETERS = ['maxSwap', 'swappiness', 'devices', 'sharedMemorySize', 'tmpfs'] as const

/** "Task definition size: 64 KiB" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html). */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024

/** The members of a task definition that Fargate refuses, as `path` strings; empty when it may run there. */
export function fargateRefusals(td: Json): string[] {
  const out: string[] = []
  if (td['ipcMode'] !== undefined && td['ipcMode'] !== null) out.push('ipcMode')
  if (Array.isArray(td['placementConstraints']) && td['placementConstraints'].length > 0) {
    out.push('placementConstraints')
  }
  const containers = Array.isArray(td['containerDefinitions']) ? (td['containerDefinitions'] as Json[]) : []
  containers.forEach((c, i) => out.push(...containerRefusals(c, `containerDefinitions[${i}]`)))
  const volumes = Array.isArray(td['volumes']) ? (td['volumes'] as Json[]) : []
  volumes.forEach((v, i) => {
    if (isSet(v?.['dockerVolumeConfiguration'])) out.push(`volumes[${i}].dockerVolumeConfiguration`)
  })
  return out
}

function containerRefusals(container: Json | undefined, path: string): string[] {
  if (!container || typeof container !== 'object') return []
  const out = CONTAINER_MEMBERS.filter((m) => isSet(container[m])).map((m) => `${path}.${m}`)
  const requirements = Array.isArray(container['resourceRequirements'])
    ? (container['resourceRequirements'] as Json[])
    : []
  if (requirements.some((r) => r?.['type'] === 'GPU')) out.push(`${path}.resourceRequirements (GPU)`)
  const linux = container['linuxParameters'] as Json | undefined
  if (linux && typeof linux === 'object') {
    out.push(...LINUX_PARAMETERS.filter((m) => isSet(linux[m])).map((m) => `${path}.linuxParameters.${m}`))
    const added = ((linux['capabilities'] as Json | undefined)?.['add'] ?? []) as unknown[]
    const others = Array.isArray(added)
      ? added.filter((c) => c !== 'SYS_PTRACE' && c !== 'CAP_SYS_PTRACE')
      : []
    if (others.length > 0) out.push(`${path}.linuxParameters.capabilities.add (${others.join(', ')})`)
  }
  return out
}

/** Set, in the sense ECS reads it: false, empty lists and empty maps change nothing. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

/** The request's task definition (tags are not part of it) in bytes as JSON. */
export function taskDefinitionBytes(input: Json): number {
  const { tags: _tags, ...definition } = input
  return Buffer.byteLength(JSON.stringify(definition), 'utf8')
}
