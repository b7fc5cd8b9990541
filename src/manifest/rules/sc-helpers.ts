/** @module Shared views of a service's Service Connect entries, with ECS's defaults applied (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceConnectConfiguration.html). */
import type { ServiceResource } from '../model.js'

export interface Endpoint {
  readonly service: ServiceResource
  readonly index: number
  readonly portName: string
  readonly discoveryName: string
  readonly aliases: readonly { index: number; port: number; dnsName: string }[]
}

export function endpointsOf(service: ServiceResource): Endpoint[] {
  return (service.spec.serviceConnect?.services ?? []).map((entry, index) => {
    const discoveryName = entry.discoveryName ?? entry.portName
    return {
      service,
      index,
      portName: entry.portName,
      discoveryName,
      aliases: (entry.clientAliases ?? []).map((a, i) => ({
        index: i,
        port: a.port,
        dnsName: a.dnsName ?? discoveryName,
      })),
    }
  })
}

export function portMappingsOf(service: ServiceResource) {
  return service.spec.taskDefinition.containers.flatMap((c) =>
    (c.portMappings ?? []).map((p) => ({ container: c.name, ...p })),
  )
}
