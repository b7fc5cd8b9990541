/**
 * Port ranges: `portMappings[].containerPortRange` as AWS documents it
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html): "FIRST-LAST" within
 * 1–65535 with FIRST < LAST, no hostPort, no port in two mappings (whatever the protocols), at most 100
 * ranges a container. Registered as
 * written, read back as the same manifest.
 */
import { describe, expect, it } from 'vitest'
import { validateFiles } from '../../../src/manifest/validate.js'
import { desiredTaskDefinition } from '../../../src/reconciler/kinds/service/desired.js'
import { serviceManifest, validationErrors } from '../../support/manifests.js'

const withPorts = (ports: string, service = '') =>
  serviceManifest({ container: `portMappings:\n${ports}`, service })
const messages = (text: string) => validationErrors(text).map((e) => e.message)

describe('containerPortRange', () => {
  it('is accepted beside single ports, and registered as written', () => {
    const text = withPorts(
      [
        '  - {containerPortRange: "8000-8010"}',
        '  - {containerPortRange: "9000-9010", protocol: udp}',
        '  - {name: http, containerPort: 80}',
      ].join('\n'),
    )
    expect(validationErrors(text)).toEqual([])
    const service = validateFiles([{ file: 'svc.yaml', text }]).set.byKind.Service[0]!
    expect(desiredTaskDefinition(service).containerDefinitions[0]?.portMappings).toEqual([
      { containerPortRange: '8000-8010' },
      { containerPortRange: '9000-9010', protocol: 'udp' },
      { containerPort: 80, name: 'http' },
    ])
  })

  it.each([
    ['neither a port nor a range', '  - {protocol: tcp}', 'either containerPort or containerPortRange'],
    [
      'both a port and a range',
      '  - {containerPort: 80, containerPortRange: "80-90"}',
      'either containerPort or containerPortRange',
    ],
    [
      'a hostPort beside a range',
      '  - {containerPortRange: "80-90", hostPort: 80}',
      'leave hostPort out with containerPortRange',
    ],
    [
      'a first port not below the last',
      '  - {containerPortRange: "90-80"}',
      'the first port must be less than the last',
    ],
    [
      'a port above 65535',
      '  - {containerPortRange: "65000-70000"}',
      'the first port must be less than the last',
    ],
    [
      'a single port written as a range',
      '  - {containerPortRange: "8000"}',
      'containerPortRange is FIRST-LAST',
    ],
    ['a leading zero', '  - {containerPortRange: "080-090"}', 'containerPortRange is FIRST-LAST'],
    [
      'a range over a single port of the same protocol',
      '  - {containerPort: 8005}\n  - {containerPortRange: "8000-8010"}',
      'containerPortRange 8000-8010 overlaps containerPort 8005 (portMappings[0])',
    ],
    [
      'one port for two protocols',
      '  - {containerPort: 53, protocol: tcp}\n  - {containerPort: 53, protocol: udp}',
      'containerPort 53 overlaps containerPort 53 (portMappings[0]): a container port belongs to one mapping, whatever its protocol',
    ],
    [
      'two overlapping ranges',
      '  - {containerPortRange: "8000-8010"}\n  - {containerPortRange: "8010-8020"}',
      'containerPortRange 8010-8020 overlaps containerPortRange 8000-8010 (portMappings[0])',
    ],
  ])('refuses %s', (_name, ports, message) => {
    expect(messages(withPorts(ports))).toContainEqual(expect.stringContaining(message))
  })

  it('refuses more than 100 ranges in a container', () => {
    const ports = Array.from(
      { length: 101 },
      (_, i) => `  - {containerPortRange: "${10_000 + i * 10}-${10_005 + i * 10}"}`,
    )
    expect(messages(withPorts(ports.join('\n')))).toContainEqual(
      expect.stringContaining('101 port ranges: a container may have at most 100'),
    )
  })

  it('a Service Connect portName naming a range needs clientAliases, and is fine with them', () => {
    const ports = '  - {name: media, containerPortRange: "10000-10100"}'
    const sc = (extra: string) =>
      `serviceConnect:\n  namespace: shop\n  services:\n    - portName: media${extra}`
    expect(validationErrors(withPorts(ports, sc('')))).toContainEqual(
      expect.objectContaining({
        rule: 'sc/port-name',
        message:
          'portName "media" names the port range 10000-10100, which has no single port for the default client alias',
      }),
    )
    expect(
      validationErrors(withPorts(ports, sc('\n      clientAliases: [{port: 10000}]'))).filter(
        (e) => e.rule === 'sc/port-name',
      ),
    ).toEqual([])
  })
})
