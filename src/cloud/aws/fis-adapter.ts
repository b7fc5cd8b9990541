/**
 * @module FIS reader and writer: the experiment templates behind ChaosSchedules, and experiment starts.
 * The only file that imports `@aws-sdk/client-fis`: the registry serves that client on an older
 * generation than the others (scripts/check-sdk-line.mjs), so replacing it touches this file only.
 */
import {
  CreateExperimentTemplateCommand,
  DeleteExperimentTemplateCommand,
  GetExperimentCommand,
  GetExperimentTemplateCommand,
  StartExperimentCommand,
  StopExperimentCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateExperimentTemplateCommand,
  type Experiment,
  type ExperimentSummary,
  type ExperimentTemplate,
  FisClient,
  paginateListExperimentTemplates,
  paginateListExperiments,
} from '@aws-sdk/client-fis'
import type {
  ActualExperiment,
  ActualExperimentTemplate,
  ExperimentTemplateContent,
  FisReader,
  FisWriter,
  Tags,
} from '../ports/index.js'
import { CloudError } from '../ports/index.js'
import type { SdkClientConfig } from './client-config.js'
import type { SdkClientLike } from './middleware.js'

/** The FIS client, built from the shared configuration; the Cloud sees only its middleware and lifecycle. */
export function createFisClient(config: SdkClientConfig): FisClient & SdkClientLike {
  return new FisClient(config)
}

const PAGE = 100
const TAG_RESOURCE = 'ecs-reconciler:resource'

export function templateFromSdk(t: ExperimentTemplate): ActualExperimentTemplate {
  return {
    id: t.id ?? '',
    tags: t.tags ?? {},
    ...(t.creationTime ? { creationTime: t.creationTime.toISOString() } : {}),
    description: t.description ?? '',
    roleArn: t.roleArn ?? '',
    stopConditions: (t.stopConditions ?? []).map((s) => ({
      source: s.source ?? 'none',
      ...(s.value ? { value: s.value } : {}),
    })),
    targets: Object.fromEntries(
      Object.entries(t.targets ?? {}).map(([name, target]) => [
        name,
        {
          resourceType: target.resourceType ?? '',
          selectionMode: target.selectionMode ?? '',
          ...(target.resourceArns?.length ? { resourceArns: target.resourceArns } : {}),
          ...(target.resourceTags && Object.keys(target.resourceTags).length > 0
            ? { resourceTags: target.resourceTags }
            : {}),
          ...(target.parameters && Object.keys(target.parameters).length > 0
            ? { parameters: target.parameters }
            : {}),
        },
      ]),
    ),
    actions: Object.fromEntries(
      Object.entries(t.actions ?? {}).map(([name, action]) => [
        name,
        {
          actionId: action.actionId ?? '',
          ...(action.description ? { description: action.description } : {}),
          ...(action.parameters && Object.keys(action.parameters).length > 0
            ? { parameters: action.parameters }
            : {}),
          ...(action.targets && Object.keys(action.targets).length > 0 ? { targets: action.targets } : {}),
          ...(action.startAfter?.length ? { startAfter: action.startAfter } : {}),
        },
      ]),
    ),
  }
}

function experimentFromSdk(e: Experiment | ExperimentSummary): ActualExperiment {
  const full = e as Experiment
  return {
    id: e.id ?? '',
    templateId: e.experimentTemplateId ?? '',
    status: e.state?.status ?? 'pending',
    ...(e.state?.reason ? { reason: e.state.reason } : {}),
    ...(full.startTime
      ? { startTime: full.startTime.toISOString() }
      : e.creationTime
        ? { startTime: e.creationTime.toISOString() }
        : {}),
    ...(full.endTime ? { endTime: full.endTime.toISOString() } : {}),
    tags: e.tags ?? {},
  }
}

export class FisAdapter implements FisReader, FisWriter {
  constructor(private readonly client: FisClient) {}

  /** Lists every template (summaries carry tags), then fetches the content of ours only. */
  async listExperimentTemplates(): Promise<ActualExperimentTemplate[]> {
    const ours: string[] = []
    for await (const out of paginateListExperimentTemplates({ client: this.client }, { maxResults: PAGE })) {
      for (const t of out.experimentTemplates ?? []) if (t.id && t.tags?.[TAG_RESOURCE]) ours.push(t.id)
    }
    return Promise.all(
      ours.map(async (id) => {
        const out = await this.client.send(new GetExperimentTemplateCommand({ id }))
        return templateFromSdk(out.experimentTemplate ?? {})
      }),
    )
  }

  async listExperiments(templateId: string): Promise<ActualExperiment[]> {
    return (await this.allExperiments()).filter((e) => e.templateId === templateId)
  }

  async listExperimentsTagged(tags: Tags): Promise<ActualExperiment[]> {
    return (await this.allExperiments()).filter((e) =>
      Object.entries(tags).every(([k, v]) => e.tags?.[k] === v),
    )
  }

  async getExperiment(id: string): Promise<ActualExperiment | undefined> {
    try {
      const out = await this.client.send(new GetExperimentCommand({ id }))
      return out.experiment ? experimentFromSdk(out.experiment) : undefined
    } catch (err) {
      if (err instanceof CloudError && err.awsCode === 'ResourceNotFoundException') return undefined
      throw err
    }
  }

  /** Every experiment summary, all pages (the pinned SDK has no experimentTemplateId filter, so callers filter). */
  private async allExperiments(): Promise<ActualExperiment[]> {
    const found: ActualExperiment[] = []
    for await (const out of paginateListExperiments({ client: this.client }, { maxResults: PAGE })) {
      for (const e of out.experiments ?? []) found.push(experimentFromSdk(e))
    }
    return found
  }

  async createExperimentTemplate(
    content: ExperimentTemplateContent,
    tags: Tags,
  ): Promise<ActualExperimentTemplate> {
    const out = await this.client.send(
      new CreateExperimentTemplateCommand({
        ...content,
        targets: content.targets,
        clientToken: crypto.randomUUID(),
        tags,
      }),
    )
    return templateFromSdk(out.experimentTemplate ?? {})
  }

  async updateExperimentTemplate(
    id: string,
    content: ExperimentTemplateContent,
  ): Promise<ActualExperimentTemplate> {
    const out = await this.client.send(
      new UpdateExperimentTemplateCommand({ ...content, targets: content.targets, id }),
    )
    return templateFromSdk(out.experimentTemplate ?? {})
  }

  async deleteExperimentTemplate(id: string): Promise<void> {
    await this.client.send(new DeleteExperimentTemplateCommand({ id }))
  }

  async startExperiment(templateId: string, tags: Tags, clientToken?: string): Promise<ActualExperiment> {
    const out = await this.client.send(
      new StartExperimentCommand({
        experimentTemplateId: templateId,
        clientToken: clientToken ?? crypto.randomUUID(),
        tags,
      }),
    )
    return experimentFromSdk(out.experiment ?? { experimentTemplateId: templateId })
  }

  async stopExperiment(id: string): Promise<ActualExperiment> {
    const out = await this.client.send(new StopExperimentCommand({ id }))
    return experimentFromSdk(out.experiment ?? { id })
  }

  /** Tags an experiment by its ARN, built as the template's is (the pinned SDK drops `arn` on experiments too). */
  async tagExperiment(id: string, tags: Tags): Promise<void> {
    const out = await this.client.send(new GetExperimentCommand({ id }))
    const [, partition = 'aws', , , account = ''] = (out.experiment?.roleArn ?? '').split(':')
    const resourceArn = `arn:${partition}:fis:${await this.client.config.region()}:${account}:experiment/${id}`
    await this.client.send(new TagResourceCommand({ resourceArn, tags }))
  }

  /**
   * Tags a template by its ARN (arn:<partition>:fis:<region>:<account>:experiment-template/<id>, FIS
   * service authorization reference). The pinned SDK drops the `arn` field FIS returns, so it is built
   * from the experiment role's partition and account (the role lives in the template's account) and our
   * region. UpdateExperimentTemplate carries no tags: they change only through TagResource/UntagResource.
   */
  async tagExperimentTemplate(template: ActualExperimentTemplate, tags: Tags): Promise<void> {
    const resourceArn = await this.templateArn(template)
    await this.client.send(new TagResourceCommand({ resourceArn, tags }))
  }

  async untagExperimentTemplate(template: ActualExperimentTemplate, keys: readonly string[]): Promise<void> {
    const resourceArn = await this.templateArn(template)
    await this.client.send(new UntagResourceCommand({ resourceArn, tagKeys: [...keys] }))
  }

  private async templateArn(template: ActualExperimentTemplate): Promise<string> {
    const [, partition = 'aws', , , account = ''] = template.roleArn.split(':')
    return `arn:${partition}:fis:${await this.client.config.region()}:${account}:experiment-template/${template.id}`
  }
}
