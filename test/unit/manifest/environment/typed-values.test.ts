/**
 * A looked-up string becomes a number or a boolean only where the manifest schema wants one and no
 * string: the contract of a value that is exactly one reference.
 */
import { describe, expect, it } from 'vitest'
import { typedValue } from '../../../../src/manifest/environment/typed-values.js'

const container = ['spec', 'taskDefinition', 'containers', 0]

describe('typedValue', () => {
  it.each([
    ['an integer field takes the number', 'Service', ['spec', 'desiredCount'], '3', 3],
    [
      'a nested integer in a list takes the number',
      'Service',
      [...container, 'portMappings', 0, 'containerPort'],
      '8080',
      8080,
    ],
    ['autoscaling bounds take the number', 'Service', ['spec', 'autoscaling', 'minCapacity'], '6', 6],
    ['a boolean field takes true', 'Service', ['spec', 'enableExecuteCommand'], 'true', true],
    ['a boolean field takes false', 'Service', [...container, 'essential'], 'false', false],
    ['a chaos schedule boolean', 'ChaosSchedule', ['spec', 'suspend'], 'true', true],
    ['a string field keeps digits as text', 'Service', [...container, 'image'], '3', '3'],
    ['a list of strings keeps its elements text', 'Service', ['spec', 'network', 'subnets', 0], '42', '42'],
    [
      'a field taking a string or a number keeps text',
      'Service',
      ['spec', 'taskDefinition', 'cpu'],
      '256',
      '256',
    ],
    ['an environment variable stays text', 'Service', [...container, 'environment', 'RETRIES'], '3', '3'],
    ['a tag value stays text', 'Service', ['spec', 'tags', 'cost-centre'], 'true', 'true'],
    [
      'text that is no number is left for validation to report',
      'Service',
      ['spec', 'desiredCount'],
      'three',
      'three',
    ],
    ['a number with a leading zero is not read as one', 'Service', ['spec', 'desiredCount'], '03', '03'],
    [
      'text that is no boolean is left for validation',
      'Service',
      ['spec', 'enableExecuteCommand'],
      'yes',
      'yes',
    ],
    ['a field the schema does not know is left as it is', 'Service', ['spec', 'nope'], '3', '3'],
    ['an unknown kind is left as it is', 'Widget', ['spec', 'count'], '3', '3'],
  ] as const)('%s', (_name, kind, path, text, expected) => {
    expect(typedValue(kind, path, text)).toBe(expected)
  })
})
