/** The CreateService clientToken: up to 36 ASCII characters 33–126 (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html), the same for the same create only. */
import { describe, expect, it } from 'vitest'
import { createServiceToken } from '../../../src/reconciler/kinds/service/client-token.js'

const input = {
  cluster: 'shop',
  serviceName: 'ledger',
  taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/ledger:3',
  desiredCount: 2,
  tags: { 'ecs-reconciler:managed-by': 'ecs-reconciler' },
}

describe('createServiceToken', () => {
  it('fits the API and is the same for the same create, whatever the key order', () => {
    const token = createServiceToken(input)
    expect(token).toMatch(/^[!-~]{1,36}$/)
    const { desiredCount, ...rest } = input
    expect(createServiceToken({ desiredCount, ...rest })).toBe(token)
  })
  it('differs when the create differs: another revision, setting, cluster or owning instance', () => {
    const token = createServiceToken(input)
    expect(
      createServiceToken({ ...input, taskDefinition: input.taskDefinition.replace(':3', ':4') }),
    ).not.toBe(token)
    expect(createServiceToken({ ...input, desiredCount: 3 })).not.toBe(token)
    expect(createServiceToken({ ...input, cluster: 'other' })).not.toBe(token)
    expect(createServiceToken({ ...input, tags: { 'ecs-reconciler:managed-by': 'staging' } })).not.toBe(token)
  })
})
