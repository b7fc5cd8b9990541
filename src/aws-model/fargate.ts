/**
 * @module The members (and values) of a task definition that ECS refuses on Fargate — rules AWS
 * documents in prose, which its service model cannot express. Listed once: the manifest schema refuses
 * them with the reason, and the local cloud refuses a FARGATE task definition that uses them.
 *
 * "The following task definition parameters are not valid in Fargate tasks: disableNetworking,
 * dnsSearchDomains, dnsServers, dockerSecurityOptions, extraHosts, gpu, ipcMode, links,
 * placementConstraints, privileged, maxSwap, swappiness"; in linuxParameters only CAP_SYS_PTRACE may be
 * added and devices, sharedMemorySize and tmpfs are not supported; volumes cannot use
 * dockerVolumeConfiguration (FARGATE_TASK_DEFINITION_PAGE).
 */

export const FARGATE_TASK_DEFINITION_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html'
const CONTAINER_DEFINITION_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html'
export const LOG_CONFIGURATION_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html'
const HOST_VOLUME_PAGE =
  'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HostVolumeProperties.html'

export interface FargateRefusal {
  /** The member, as `Shape.member` of the ECS model. */
  readonly member: string
  /** Why, for people: what ECS says. */
  readonly reason: string
  /** The AWS page that says so. */
  readonly source: string
}

const notOnFargate = (member: string): FargateRefusal => ({
  member,
  reason: 'ECS does not accept it in Fargate tasks',
  source: FARGATE_TASK_DEFINITION_PAGE,
})

/** Every member ECS refuses on Fargate, whatever its value (false, empty lists and empty maps excepted). */
export const FARGATE_REFUSED_MEMBERS: readonly FargateRefusal[] = [
  notOnFargate('RegisterTaskDefinitionRequest.ipcMode'),
  notOnFargate('RegisterTaskDefinitionRequest.placementConstraints'),
  notOnFargate('ContainerDefinition.disableNetworking'),
  notOnFargate('ContainerDefinition.dnsSearchDomains'),
  notOnFargate('ContainerDefinition.dnsServers'),
  notOnFargate('ContainerDefinition.dockerSecurityOptions'),
  notOnFargate('ContainerDefinition.extraHosts'),
  notOnFargate('ContainerDefinition.links'),
  notOnFargate('ContainerDefinition.privileged'),
  {
    member: 'ContainerDefinition.hostname',
    reason: 'ECS does not accept it in the awsvpc network mode, the only one Fargate runs',
    source: CONTAINER_DEFINITION_PAGE,
  },
  notOnFargate('LinuxParameters.maxSwap'),
  notOnFargate('LinuxParameters.swappiness'),
  notOnFargate('LinuxParameters.devices'),
  notOnFargate('LinuxParameters.sharedMemorySize'),
  notOnFargate('LinuxParameters.tmpfs'),
  notOnFargate('Volume.dockerVolumeConfiguration'),
  {
    member: 'HostVolumeProperties.sourcePath',
    reason: 'a Fargate bind mount has no host path',
    source: HOST_VOLUME_PAGE,
  },
]

/** The only Linux capability Fargate lets a container add (FARGATE_TASK_DEFINITION_PAGE). */
export const FARGATE_ADDABLE_CAPABILITIES: readonly string[] = ['SYS_PTRACE', 'CAP_SYS_PTRACE']
/** Resource requirement types Fargate refuses: "gpu" (FARGATE_TASK_DEFINITION_PAGE). */
export const FARGATE_REFUSED_RESOURCE_TYPES: readonly string[] = ['GPU']

/** "For tasks on AWS Fargate, the supported log drivers are awslogs, splunk, and awsfirelens" (LOG_CONFIGURATION_PAGE). */
export const FARGATE_LOG_DRIVERS: readonly string[] = ['awslogs', 'splunk', 'awsfirelens']

/** The log driver of a `logConfiguration` that Fargate refuses, if it names one. */
export function refusedLogDriver(logConfiguration: unknown): string | undefined {
  const driver = isObject(logConfiguration) ? logConfiguration['logDriver'] : undefined
  return typeof driver === 'string' && !FARGATE_LOG_DRIVERS.includes(driver) ? driver : undefined
}

type Json = Record<string, unknown>

const refusedIn = (shape: string): string[] =>
  FARGATE_REFUSED_MEMBERS.filter((r) => r.member.startsWith(`${shape}.`)).map((r) =>
    r.member.slice(shape.length + 1),
  )

/** The members of a RegisterTaskDefinition input that Fargate refuses, as paths; empty when it may run there. */
export function fargateRefusals(td: Json): string[] {
  const out = refusedIn('RegisterTaskDefinitionRequest').filter((m) => isSet(td[m]))
  objects(td['containerDefinitions']).forEach((c, i) =>
    out.push(...containerRefusals(c, `containerDefinitions[${i}]`)),
  )
  objects(td['volumes']).forEach((v, i) => {
    out.push(...refusedIn('Volume').flatMap((m) => (isSet(v[m]) ? [`volumes[${i}].${m}`] : [])))
    const host = isObject(v['host']) ? v['host'] : {}
    out.push(
      ...refusedIn('HostVolumeProperties').flatMap((m) =>
        isSet(host[m]) ? [`volumes[${i}].host.${m}`] : [],
      ),
    )
  })
  return out
}

function containerRefusals(container: Json, path: string): string[] {
  const out = refusedIn('ContainerDefinition')
    .filter((m) => isSet(container[m]))
    .map((m) => `${path}.${m}`)
  const types = objects(container['resourceRequirements']).map((r) => r['type'])
  for (const t of FARGATE_REFUSED_RESOURCE_TYPES) {
    if (types.includes(t)) out.push(`${path}.resourceRequirements (${t})`)
  }
  const driver = refusedLogDriver(container['logConfiguration'])
  if (driver !== undefined) out.push(`${path}.logConfiguration.logDriver (${driver})`)
  const linux = container['linuxParameters']
  if (isObject(linux)) {
    out.push(
      ...refusedIn('LinuxParameters').flatMap((m) =>
        isSet(linux[m]) ? [`${path}.linuxParameters.${m}`] : [],
      ),
    )
    const others = refusedCapabilities(linux['capabilities'])
    if (others.length > 0) out.push(`${path}.linuxParameters.capabilities.add (${others.join(', ')})`)
  }
  return out
}

/** The capabilities a `capabilities` member adds that Fargate refuses. */
export function refusedCapabilities(capabilities: unknown): string[] {
  const added = isObject(capabilities) ? capabilities['add'] : undefined
  if (!Array.isArray(added)) return []
  return added.map(String).filter((c) => !FARGATE_ADDABLE_CAPABILITIES.includes(c))
}

/** Set, in the sense ECS reads it: false, empty lists and empty maps change nothing. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : []
}
