/** The task definitions from the AWS documentation's examples (test/fixtures/aws-doc-task-definitions). */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ActualService, ServiceSettings, TaskDefinitionContent } from '../../src/cloud/ports/index.js'

const DIR = join(import.meta.dirname, '..', 'fixtures', 'aws-doc-task-definitions')

/** The fixture file names. */
export const AWS_DOC_FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.json'))

export interface AwsDocFixture {
  /** The page the example comes from, and when and where the fixture was compared with it. */
  readonly _source: { readonly url: string; readonly example: string; readonly checked?: string }
  /** What was changed to fit Fargate, and why. */
  readonly _changes: readonly string[]
  readonly taskDefinition: TaskDefinitionContent
  /** CreateService members the example needs too (an EBS volume configured at launch, say). */
  readonly service?: Pick<ServiceSettings, 'volumeConfigurations'>
}

export const awsDocFixture = (file: string): AwsDocFixture =>
  JSON.parse(readFileSync(join(DIR, file), 'utf8')) as AwsDocFixture

/** The volume configurations a service's primary deployment reports (API_Deployment). */
export const volumesOf = (service: ActualService | undefined) =>
  service?.deployments.find((d) => d.status === 'PRIMARY')?.volumeConfigurations
