/**
 * @module Reads values from a Terraform state (format version 4): `output.NAME`, or a resource
 * attribute by the address Terraform prints (`module.vpc.aws_subnet.private[0].id`,
 * `data.aws_vpc.main.id`, `aws_lb_target_group.api["blue"].arn`). Outputs marked sensitive are
 * flagged so the plan prints them redacted. State format:
 * https://developer.hashicorp.com/terraform/internals/json-format
 */
import type { Lookup } from './references.js'
import { isPlainMap } from './merge.js'

interface StateResource {
  readonly module?: string
  readonly mode?: string
  readonly type?: string
  readonly name?: string
  readonly instances?: readonly { index_key?: string | number; attributes?: unknown }[]
}

/** The state's problem, or undefined when it is a version-4 state. */
export function checkState(state: unknown): string | undefined {
  if (!isPlainMap(state)) return 'the file is not a JSON object'
  if (state['version'] !== 4) {
    return `state format version ${JSON.stringify(state['version'])} is not supported (only 4)`
  }
  return undefined
}

export function lookUpState(state: Record<string, unknown>, name: string): Lookup {
  if (name.startsWith('output.')) return lookUpOutput(state, name.slice('output.'.length))
  const address = parseAddress(name)
  if (!address) {
    return {
      error: `"${name}" is not a Terraform address with an attribute`,
      hint: 'write output.NAME, or a resource address and attribute as Terraform prints it: module.vpc.aws_subnet.private[0].id',
    }
  }
  const resources = (Array.isArray(state['resources']) ? state['resources'] : []) as StateResource[]
  const resource = resources.find(
    (r) =>
      (r.module ?? '') === address.module &&
      (r.mode ?? 'managed') === address.mode &&
      r.type === address.type &&
      r.name === address.name,
  )
  const instance = resource?.instances?.find((i) =>
    address.index === undefined ? i.index_key === undefined : String(i.index_key) === address.index,
  )
  if (!resource || !instance) {
    return {
      error: `the state has no resource ${address.resource}`,
      hint: 'check the address with `terraform state list`',
    }
  }
  const value = attribute(instance.attributes, address.attribute)
  if (value === undefined) {
    return {
      error: `${address.resource} has no attribute ${address.attribute}`,
      hint: 'check it with `terraform state show`',
    }
  }
  return { value }
}

function lookUpOutput(state: Record<string, unknown>, name: string): Lookup {
  const outputs = isPlainMap(state['outputs']) ? state['outputs'] : {}
  const output = outputs[name]
  if (!isPlainMap(output) || !('value' in output)) {
    const known = Object.keys(outputs)
    return {
      error: `the state has no output ${name}`,
      hint:
        known.length > 0
          ? `its outputs: ${known.join(', ')}`
          : 'the state has no outputs: run terraform apply first',
    }
  }
  return { value: output['value'], sensitive: output['sensitive'] === true }
}

interface Address {
  readonly module: string
  readonly mode: 'managed' | 'data'
  readonly type: string
  readonly name: string
  /** The instance key as a string (`0`, `blue`), absent for a single instance. */
  readonly index?: string
  readonly resource: string
  readonly attribute: string
}

const ADDRESS =
  /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?\.)*)(data\.)?([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)(?:\[([^\]]+)\])?\.(.+)$/

function parseAddress(text: string): Address | undefined {
  const m = ADDRESS.exec(text)
  if (!m) return undefined
  const [, modules = '', data, type = '', name = '', index, attr = ''] = m
  const key = index === undefined ? undefined : index.replace(/^"(.*)"$/, '$1')
  return {
    module: modules.replace(/\.$/, ''),
    mode: data ? 'data' : 'managed',
    type,
    name,
    ...(key === undefined ? {} : { index: key }),
    resource: text.slice(0, text.length - attr.length - 1),
    attribute: attr,
  }
}

function attribute(attributes: unknown, path: string): unknown {
  let node = attributes
  for (const segment of path.split(/\.|\[(\d+)\]/).filter((s) => s !== undefined && s !== '')) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) node = node[Number(segment)]
    else if (isPlainMap(node)) node = node[segment]
    else return undefined
  }
  return node
}
