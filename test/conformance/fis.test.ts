/**
 * FIS experiment templates as the AWS FIS API reference documents them
 * (https://docs.aws.amazon.com/fis/latest/APIReference/), run against the target of this run.
 */
import {
  DeleteExperimentTemplateCommand,
  GetExperimentTemplateCommand,
  ListTagsForResourceCommand,
  UpdateExperimentTemplateCommand,
} from '@aws-sdk/client-fis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExperimentTemplateContent } from '../../src/cloud/ports/index.js'
import { openTarget, rejectionOf, uniqueName, type Target } from './target.js'

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

const ACCOUNT = '123456789012'

function content(description: string): ExperimentTemplateContent {
  return {
    description,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/fis`,
    stopConditions: [{ source: 'none' }],
    targets: {
      tasks: {
        resourceType: 'aws:ecs:task',
        selectionMode: 'COUNT(1)',
        parameters: { cluster: 'shop', service: 'web' },
      },
    },
    actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'tasks' } } },
  }
}

/** The template ARN as the FIS service authorization reference gives it. */
const templateArn = (id: string) => `arn:aws:fis:${t.region}:${ACCOUNT}:experiment-template/${id}`

describe('experiment templates', () => {
  // API_CreateExperimentTemplate.html returns the template (id, content, tags); API_ListTagsForResource.html reads its tags.
  it('creates a template with tags; the response carries its content', async () => {
    const name = uniqueName('conf-chaos')
    const created = await t.cloud.writers!.fis.createExperimentTemplate(content(name), {
      'ecs-reconciler:resource': `ChaosSchedule/${name}`,
    })
    expect(created.id).not.toBe('')
    expect(created).toMatchObject({
      description: name,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/fis`,
      tags: { 'ecs-reconciler:resource': `ChaosSchedule/${name}` },
    })
    expect(created.actions).toEqual(content(name).actions)
    expect(created.targets).toEqual(content(name).targets)
    const tags = await t.fis.send(new ListTagsForResourceCommand({ resourceArn: templateArn(created.id) }))
    expect(tags.tags).toEqual({ 'ecs-reconciler:resource': `ChaosSchedule/${name}` })
  })

  // API_TagResource.html / API_UntagResource.html on the template ARN (the adapter builds it from the role's account).
  it('tags and untags a template', async () => {
    const created = await t.cloud.writers!.fis.createExperimentTemplate(content(uniqueName('conf-tags')), {
      a: '1',
    })
    await t.cloud.writers!.fis.tagExperimentTemplate(created, { b: '2' })
    await t.cloud.writers!.fis.untagExperimentTemplate(created, ['a'])
    const tags = await t.fis.send(new ListTagsForResourceCommand({ resourceArn: templateArn(created.id) }))
    expect(tags.tags).toEqual({ b: '2' })
  })

  // API_DeleteExperimentTemplate.html; a second delete finds nothing: ResourceNotFoundException.
  it('deletes a template; deleting it again is ResourceNotFoundException', async () => {
    const created = await t.cloud.writers!.fis.createExperimentTemplate(content(uniqueName('conf-del')), {})
    await t.cloud.writers!.fis.deleteExperimentTemplate(created.id)
    const err = await rejectionOf(t.fis.send(new DeleteExperimentTemplateCommand({ id: created.id })))
    expect(err.name).toBe('ResourceNotFoundException')
  })

  // API_ListExperimentTemplates.html (summaries with tags) and API_GetExperimentTemplate.html (the content).
  it('lists templates with their tags and reads one back', async () => {
    const name = uniqueName('conf-list')
    const created = await t.cloud.writers!.fis.createExperimentTemplate(content(name), {
      'ecs-reconciler:resource': `ChaosSchedule/${name}`,
    })
    const listed = (await t.cloud.readers.fis.listExperimentTemplates()).find((tpl) => tpl.id === created.id)
    expect(listed).toMatchObject({
      description: name,
      actions: content(name).actions,
      tags: { 'ecs-reconciler:resource': `ChaosSchedule/${name}` },
    })
    const got = await t.fis.send(new GetExperimentTemplateCommand({ id: created.id }))
    expect(got.experimentTemplate?.description).toBe(name)
  })

  // API_UpdateExperimentTemplate.html: the given fields replace the stored ones; tags are not part of the call.
  it('updates a template in place', async () => {
    const created = await t.cloud.writers!.fis.createExperimentTemplate(content(uniqueName('conf-upd')), {
      keep: 'me',
    })
    const updated = await t.cloud.writers!.fis.updateExperimentTemplate(created.id, {
      ...content('changed'),
      actions: { stop: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'tasks' }, description: 'now' } },
    })
    expect(updated).toMatchObject({ id: created.id, description: 'changed' })
    const got = await t.fis.send(new GetExperimentTemplateCommand({ id: created.id }))
    expect(got.experimentTemplate?.actions?.['stop']?.description).toBe('now')
    expect(got.experimentTemplate?.tags).toEqual({ keep: 'me' })
  })

  // API_GetExperimentTemplate.html / API_UpdateExperimentTemplate.html: ResourceNotFoundException for an unknown id.
  it('ResourceNotFoundException for an unknown template id', async () => {
    expect(
      (await rejectionOf(t.fis.send(new GetExperimentTemplateCommand({ id: 'EXT0000000000000' })))).name,
    ).toBe('ResourceNotFoundException')
    expect(
      (
        await rejectionOf(
          t.fis.send(new UpdateExperimentTemplateCommand({ id: 'EXT0000000000000', description: 'x' })),
        )
      ).name,
    ).toBe('ResourceNotFoundException')
  })
})

describe('documented errors', () => {
  // API_DeleteExperimentTemplate.html: ResourceNotFoundException for an unknown id.
  it('ResourceNotFoundException when deleting an unknown template', async () => {
    expect(
      (await rejectionOf(t.fis.send(new DeleteExperimentTemplateCommand({ id: 'EXT0000000000000' })))).name,
    ).toBe('ResourceNotFoundException')
  })
})
