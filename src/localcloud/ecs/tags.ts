/** @module ECS tags on clusters, services, task definitions and one-off tasks. */
import type { Handler, HandlerContext } from '../context.js'
import { ecsErrors } from '../errors.js'
import type { Tags } from '../state.js'
import { addTagsWithin } from '../tag-limit.js'
import { liveServiceByArn } from './ecs-index.js'
import { requireString, tagsFromList } from '../validate-input.js'

function tagsOf(ctx: HandlerContext, resourceArn: string): Tags {
  const w = ctx.world.ecs
  // A cluster, service and task definition never share an ARN: the order of the lookups does not matter.
  const owner =
    Object.values(w.clusters).find((c) => c.arn === resourceArn && c.status === 'ACTIVE') ??
    w.taskDefinitions[resourceArn] ??
    liveServiceByArn(ctx.world, resourceArn) ??
    w.tasks[resourceArn]?.run
  if (!owner) throw ecsErrors.invalid(`The specified resource could not be found: ${resourceArn}`)
  return owner.tags
}

const tag: Handler = (input, ctx) => {
  const tags = tagsOf(ctx, requireString(input, 'resourceArn', ecsErrors.invalid))
  const added = tagsFromList(input['tags'], 'key', 'value')
  for (const key of Object.keys(added)) {
    if (key.toLowerCase().startsWith('aws:')) {
      throw ecsErrors.invalid('Tag keys starting with aws: are reserved.')
    }
  }
  addTagsWithin(tags, added, ecsErrors.tooManyTags)
  return {}
}

const untag: Handler = (input, ctx) => {
  const tags = tagsOf(ctx, requireString(input, 'resourceArn', ecsErrors.invalid))
  for (const key of (input['tagKeys'] as string[] | undefined) ?? []) delete tags[key]
  return {}
}

const list: Handler = (input, ctx) => ({
  tags: Object.entries(tagsOf(ctx, requireString(input, 'resourceArn', ecsErrors.invalid))).map(
    ([key, value]) => ({ key, value }),
  ),
})

export const ecsTagHandlers: Record<string, Handler> = {
  TagResource: tag,
  UntagResource: untag,
  ListTagsForResource: list,
}
