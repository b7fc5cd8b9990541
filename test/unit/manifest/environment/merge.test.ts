/**
 * The merge rules as a table named by outcome, in the manner of Kustomize's merge2 tests
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/): each case is a
 * base, a patch and the merged result, written as YAML.
 */
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { mergePatch } from '../../../../src/manifest/environment/merge.js'

interface Case {
  readonly base: string
  readonly patch: string
  readonly expected: string
}

const cases: Record<string, Case> = {
  'keep a map field the patch leaves out': {
    base: 'spec: {desiredCount: 2, cluster: shop}',
    patch: 'spec: {desiredCount: 4}',
    expected: 'spec: {desiredCount: 4, cluster: shop}',
  },
  'add a map field only the patch has': {
    base: 'spec: {desiredCount: 2}',
    patch: 'spec: {tags: {team: payments}}',
    expected: 'spec: {desiredCount: 2, tags: {team: payments}}',
  },
  'merge nested maps key by key': {
    base: 'spec: {tags: {team: a, tier: web}}',
    patch: 'spec: {tags: {team: b, env: prod}}',
    expected: 'spec: {tags: {team: b, tier: web, env: prod}}',
  },
  'remove a map field -- null in the patch': {
    base: 'spec: {desiredCount: 2, platformVersion: LATEST}',
    patch: 'spec: {platformVersion: null}',
    expected: 'spec: {desiredCount: 2}',
  },
  'remove a whole map -- null in the patch': {
    base: 'spec: {autoscaling: {minCapacity: 1, maxCapacity: 4}, desiredCount: 1}',
    patch: 'spec: {autoscaling: null}',
    expected: 'spec: {desiredCount: 1}',
  },
  'drop null fields the base does not have': {
    base: 'spec: {desiredCount: 1}',
    patch: 'spec: {tags: {team: a, gone: null}}',
    expected: 'spec: {desiredCount: 1, tags: {team: a}}',
  },
  'replace a scalar': {
    base: 'spec: {cluster: staging}',
    patch: 'spec: {cluster: prod}',
    expected: 'spec: {cluster: prod}',
  },
  'replace a list of scalars whole': {
    base: 'spec: {network: {subnets: [subnet-a, subnet-b]}}',
    patch: 'spec: {network: {subnets: [subnet-c]}}',
    expected: 'spec: {network: {subnets: [subnet-c]}}',
  },
  'empty a list -- [] in the patch': {
    base: 'spec: {network: {securityGroups: [sg-a]}}',
    patch: 'spec: {network: {securityGroups: []}}',
    expected: 'spec: {network: {securityGroups: []}}',
  },
  'remove a list -- null in the patch': {
    base: 'spec: {network: {securityGroups: [sg-a], subnets: [s]}}',
    patch: 'spec: {network: {securityGroups: null}}',
    expected: 'spec: {network: {subnets: [s]}}',
  },
  'replace a list of maps that has no merge key whole': {
    base: 'spec: {loadBalancers: [{containerName: web, containerPort: 80}]}',
    patch: 'spec: {loadBalancers: [{containerName: api, containerPort: 8080}]}',
    expected: 'spec: {loadBalancers: [{containerName: api, containerPort: 8080}]}',
  },
  'merge named containers by name, keeping fields the patch leaves out': {
    base: 'spec: {taskDefinition: {containers: [{name: web, image: "web:1", essential: true}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, image: "web:2"}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, image: "web:2", essential: true}]}}',
  },
  'append containers only the patch has, after the base ones in base order': {
    base: 'spec: {taskDefinition: {containers: [{name: b, image: b}, {name: a, image: a}]}}',
    patch:
      'spec: {taskDefinition: {containers: [{name: z, image: z}, {name: a, image: a2}, {name: c, image: c}]}}',
    expected:
      'spec: {taskDefinition: {containers: [{name: b, image: b}, {name: a, image: a2}, {name: z, image: z}, {name: c, image: c}]}}',
  },
  'remove one named element -- $patch: delete': {
    base: 'spec: {taskDefinition: {containers: [{name: web, image: w}, {name: sidecar, image: s}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: sidecar, $patch: delete}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, image: w}]}}',
  },
  'merge a container environment map key by key and remove a variable with null': {
    base: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1", B: "2"}}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, environment: {B: null, C: "3"}}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1", C: "3"}}]}}',
  },
  'merge a base environment list with a patch map, as the map': {
    base: 'spec: {taskDefinition: {containers: [{name: web, environment: [{name: A, value: "1"}, {name: B, value: "2"}]}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, environment: {B: "20"}}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1", B: "20"}}]}}',
  },
  'merge a patch environment list onto a base map, $patch: delete removing one variable': {
    base: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1", B: "2"}}]}}',
    patch:
      'spec: {taskDefinition: {containers: [{name: web, environment: [{name: A, $patch: delete}, {name: C, value: 3}]}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, environment: {B: "2", C: 3}}]}}',
  },
  'merge secrets lists by name, as the map of name to valueFrom': {
    base: 'spec: {taskDefinition: {containers: [{name: web, secrets: [{name: DB, valueFrom: /staging/db}, {name: API, valueFrom: /staging/api}]}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, secrets: [{name: DB, valueFrom: /prod/db}]}]}}',
    expected:
      'spec: {taskDefinition: {containers: [{name: web, secrets: {DB: /prod/db, API: /staging/api}}]}}',
  },
  'replace an environment list whole when an element lacks its name': {
    base: 'spec: {taskDefinition: {containers: [{name: web, environment: {A: "1"}}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, environment: [{value: "2"}]}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, environment: [{value: "2"}]}]}}',
  },
  'merge port mappings inside a named container by name': {
    base: 'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 80}, {name: admin, containerPort: 9000}]}]}}',
    patch:
      'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 8080}]}]}}',
    expected:
      'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9000}]}]}}',
  },
  'replace port mappings whole when one lacks its name': {
    base: 'spec: {taskDefinition: {containers: [{name: web, portMappings: [{name: http, containerPort: 80}]}]}}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, portMappings: [{containerPort: 8080}]}]}}',
    expected: 'spec: {taskDefinition: {containers: [{name: web, portMappings: [{containerPort: 8080}]}]}}',
  },
  'merge volumes by name': {
    base: 'spec: {taskDefinition: {volumes: [{name: data}, {name: cache}]}}',
    patch: 'spec: {taskDefinition: {volumes: [{name: cache, $patch: delete}, {name: tmp}]}}',
    expected: 'spec: {taskDefinition: {volumes: [{name: data}, {name: tmp}]}}',
  },
  'merge scheduled scaling actions by name': {
    base: 'spec: {autoscaling: {scheduled: [{name: night, minCapacity: 1}, {name: day, minCapacity: 2}]}}',
    patch: 'spec: {autoscaling: {scheduled: [{name: day, minCapacity: 6}]}}',
    expected:
      'spec: {autoscaling: {scheduled: [{name: night, minCapacity: 1}, {name: day, minCapacity: 6}]}}',
  },
  'merge Service Connect services by portName': {
    base: 'spec: {serviceConnect: {services: [{portName: http, discoveryName: web}]}}',
    patch:
      'spec: {serviceConnect: {services: [{portName: http, discoveryName: shop-web}, {portName: grpc}]}}',
    expected:
      'spec: {serviceConnect: {services: [{portName: http, discoveryName: shop-web}, {portName: grpc}]}}',
  },
  'replace a named list whole when the base has no such list': {
    base: 'spec: {desiredCount: 1}',
    patch: 'spec: {taskDefinition: {containers: [{name: web, image: w, gone: null}]}}',
    expected: 'spec: {desiredCount: 1, taskDefinition: {containers: [{name: web, image: w}]}}',
  },
  'replace a list that is not at a named-list path even when its items have names': {
    base: 'spec: {actions: [{name: a, type: x}, {name: b, type: y}]}',
    patch: 'spec: {actions: [{name: b, type: z}]}',
    expected: 'spec: {actions: [{name: b, type: z}]}',
  },
}

describe('mergePatch', () => {
  it.each(Object.entries(cases))('%s', (_outcome, c) => {
    const base = parse(c.base) as unknown
    const before = JSON.stringify(base)
    const result = mergePatch(base, parse(c.patch))
    expect(result.problems).toEqual([])
    expect(result.value).toEqual(parse(c.expected))
    // Pure: the base is never changed.
    expect(JSON.stringify(base)).toBe(before)
  })

  it('reports $patch: delete of an element the base does not have, at the patch path', () => {
    const result = mergePatch(
      parse('spec: {taskDefinition: {containers: [{name: web}]}}'),
      parse('spec: {taskDefinition: {containers: [{name: wbe, $patch: delete}]}}'),
    )
    expect(result.value).toEqual(parse('spec: {taskDefinition: {containers: [{name: web}]}}'))
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: ['spec', 'taskDefinition', 'containers', 0],
        message: expect.stringContaining('"wbe", which the base does not have'),
      }),
    ])
  })

  it('reports an unknown or misplaced $patch directive', () => {
    const result = mergePatch(
      parse('spec: {tags: {a: b}, taskDefinition: {containers: [{name: web}]}}'),
      parse('spec: {tags: {$patch: replace}, taskDefinition: {containers: [{name: web, $patch: replace}]}}'),
    )
    expect(result.problems.map((p) => p.path)).toEqual([
      ['spec', 'tags', '$patch'],
      ['spec', 'taskDefinition', 'containers', 0, '$patch'],
    ])
  })
})
