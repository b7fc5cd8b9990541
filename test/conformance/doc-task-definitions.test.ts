/**
 * Task definitions from the AWS documentation's examples (test/fixtures/aws-doc-task-definitions,
 * each naming its page) register as is and read back with every member, equal as ECS means them
 * (API_RegisterTaskDefinition, API_DescribeTaskDefinition), on the target of this run. The whole round
 * trip (service, import, plan, apply to an empty cloud) runs on the local cloud in
 * test/contract/import/aws-doc-task-definitions.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TaskDefinitionContent } from '../../src/cloud/ports/index.js'
import { taskDefinitionView } from '../../src/reconciler/kinds/service/normalise.js'
import { openTarget, uniqueName, type Target } from './target.js'

const DIR = join(import.meta.dirname, '..', 'fixtures', 'aws-doc-task-definitions')
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json'))

let t: Target
beforeAll(async () => {
  t = await openTarget()
})
afterAll(async () => {
  await t?.close()
})

describe('task definitions from the AWS documentation', () => {
  it.each(FILES)('%s registers as is and reads back equal, every member included', async (file) => {
    const { taskDefinition } = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as {
      taskDefinition: TaskDefinitionContent
    }
    const family = uniqueName(taskDefinition.family.replace(/_/g, '-'))
    const registered = await t.cloud.writers!.ecs.registerTaskDefinition({ ...taskDefinition, family }, {})
    const read = await t.cloud.readers.ecs.describeTaskDefinition(registered.arn)
    expect(read ? taskDefinitionView(read) : undefined).toEqual(
      taskDefinitionView({ ...taskDefinition, family }),
    )
  })
})
