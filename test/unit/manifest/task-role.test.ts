/**
 * A task role by its short name or its ARN: RegisterTaskDefinition takes "the short name or full
 * Amazon Resource Name (ARN)" for taskRoleArn
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html).
 */
import { describe, expect, it } from 'vitest'
import { taskDefinitionView } from '../../../src/reconciler/kinds/service/normalise.js'
import { roleNameOf } from '../../../src/verify/references.js'
import { serviceManifest, validationErrors } from '../../support/manifests.js'

const withTaskRole = (role: string) => serviceManifest({ task: `taskRoleArn: "${role}"` })
const td = (taskRoleArn: string) => ({
  family: 'api',
  cpu: '256',
  memory: '512',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: [{ name: 'app', image: 'nginx:1.27' }],
  taskRoleArn,
})

describe('taskRoleArn', () => {
  it.each([
    'ecsTaskRole',
    'arn:aws:iam::123456789012:role/ecsTaskRole',
    'arn:aws:iam::123456789012:role/app/ecsTaskRole',
  ])('accepts %s', (role) => {
    expect(validationErrors(withTaskRole(role))).toEqual([])
  })

  it('refuses text that is neither a role name nor an ARN, saying which forms it takes', () => {
    expect(validationErrors(withTaskRole('my task role')).map((e) => e.message)).toContainEqual(
      expect.stringContaining('must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME) or a role name'),
    )
  })

  it('compares a short name equal to the ARN of that role, and unequal to another role', () => {
    const byName = taskDefinitionView(td('ecsTaskRole'))
    expect(taskDefinitionView(td('arn:aws:iam::123456789012:role/ecsTaskRole'))).toEqual(byName)
    expect(taskDefinitionView(td('arn:aws:iam::123456789012:role/service-role/ecsTaskRole'))).toEqual(byName)
    expect(taskDefinitionView(td('arn:aws:iam::123456789012:role/otherRole'))).not.toEqual(byName)
  })

  it('is checked by verify under its name either way', () => {
    expect(roleNameOf('ecsTaskRole')).toBe('ecsTaskRole')
    expect(roleNameOf('arn:aws:iam::123456789012:role/app/ecsTaskRole')).toBe('ecsTaskRole')
    expect(roleNameOf('arn:aws:s3:::bucket')).toBeUndefined()
  })
})
