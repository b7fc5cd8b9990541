/**
 * Model-driven validation, on constraints AWS's API reference states for ECS, Cloud Map and Application
 * Auto Scaling. Each case names the page.
 */
import { describe, expect, it } from 'vitest'
import { serviceModels } from '../../../src/aws-model/index.js'
import { compilePattern, validateOperationInput } from '../../../src/aws-model/validate.js'

const { ecs, servicediscovery } = serviceModels
const aas = serviceModels['application-autoscaling']

const container = { name: 'app', image: 'nginx' }

describe('validateOperationInput', () => {
  it.each([
    {
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html: family and
      // containerDefinitions are required.
      name: 'a missing required member is reported at its path',
      op: 'RegisterTaskDefinition',
      input: { containerDefinitions: [container] },
      expected: [{ path: 'family', constraint: 'required' }],
    },
    {
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html: launchType is one of
      // EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES.
      name: 'a value outside an enum names the valid values',
      op: 'CreateService',
      input: { serviceName: 's', launchType: 'FARGATE_SPOT' },
      expected: [{ path: 'launchType', constraint: 'enum' }],
    },
    {
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html: at most 50 tags; keys of
      // 1-128 characters.
      name: 'more than 50 tags is a size violation',
      op: 'TagResource',
      input: {
        resourceArn: 'arn',
        tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
      },
      expected: [{ path: 'tags', constraint: 'length' }],
    },
    {
      name: 'a tag key longer than 128 characters is a length violation inside the list',
      op: 'TagResource',
      input: { resourceArn: 'arn', tags: [{ key: 'k'.repeat(129), value: 'v' }] },
      expected: [{ path: 'tags[0].key', constraint: 'length' }],
    },
    {
      name: 'a tag key with a character outside the allowed set breaks the pattern',
      op: 'TagResource',
      input: { resourceArn: 'arn', tags: [{ key: 'team#1', value: 'v' }] },
      expected: [{ path: 'tags[0].key', constraint: 'pattern' }],
    },
    {
      name: 'a string where a number belongs is a type violation',
      op: 'CreateService',
      input: { serviceName: 's', desiredCount: '2' },
      expected: [{ path: 'desiredCount', constraint: 'type' }],
    },
    {
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html: 10 containers per task
      // definition (from the overlay; the model states no maximum).
      name: 'an eleventh container breaks the quota the overlay adds',
      op: 'RegisterTaskDefinition',
      input: {
        family: 'f',
        containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ ...container, name: `c${i}` })),
      },
      expected: [{ path: 'containerDefinitions', constraint: 'length' }],
    },
    {
      name: 'a complete, valid input has no violations',
      op: 'RegisterTaskDefinition',
      input: {
        family: 'f',
        containerDefinitions: [container],
        cpu: '256',
        memory: '512',
        networkMode: 'awsvpc',
      },
      expected: [],
    },
  ])('$name', ({ op, input, expected }) => {
    const violations = validateOperationInput(ecs, op, input).map(({ path, constraint }) => ({
      path,
      constraint,
    }))
    expect(violations).toEqual(expected)
  })

  it('reports the valid values of an enum in the message', () => {
    const [v] = validateOperationInput(ecs, 'CreateService', { serviceName: 's', launchType: 'SPOT' })
    expect(v?.expected).toContain('FARGATE')
  })

  it('checks Cloud Map names against the model pattern', () => {
    // https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateHttpNamespace.html: Name matches ^[!-~]{1,1024}$.
    expect(validateOperationInput(servicediscovery, 'CreateHttpNamespace', { Name: 'shop' })).toEqual([])
    expect(
      validateOperationInput(servicediscovery, 'CreateHttpNamespace', { Name: 'two words' }).map(
        (v) => v.constraint,
      ),
    ).toEqual(['pattern'])
  })

  it('checks numeric ranges', () => {
    // https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html: MaxResults is 1-100.
    expect(
      validateOperationInput(servicediscovery, 'ListNamespaces', { MaxResults: 500 }).map(
        (v) => v.constraint,
      ),
    ).toEqual(['range'])
  })

  it('reports members the shape does not declare only when asked', () => {
    const input = { serviceName: 's', serviceNmae: 'typo' }
    expect(validateOperationInput(ecs, 'CreateService', input)).toEqual([])
    expect(
      validateOperationInput(ecs, 'CreateService', input, { unknownMembers: 'report' })[0],
    ).toMatchObject({
      path: 'serviceNmae',
      constraint: 'unknown',
    })
  })

  it('compiles every pattern the models carry (Java-only classes translated)', () => {
    const patterns = [ecs, servicediscovery, aas, serviceModels.fis].flatMap((m) =>
      Object.values(m.shapes).flatMap((s) => (s.pattern === undefined ? [] : [s.pattern])),
    )
    expect(patterns.length).toBeGreaterThan(10)
    expect(patterns.filter((p) => compilePattern(p) === null)).toEqual([])
  })
})
