/** @module Every ECS operation the emulator serves, by name. */
import type { Handler } from '../context.js'
import { clusterHandlers } from './clusters.js'
import { serviceHandlers } from './services.js'
import { serviceRevisionHandlers } from './service-revisions.js'
import { ecsTagHandlers } from './tags.js'
import { taskDefinitionHandlers } from './task-definitions.js'
import { runTaskHandlers } from './run-task.js'
import { taskHandlers } from './tasks.js'

export const ecsHandlers: Record<string, Handler> = {
  ...clusterHandlers,
  ...taskDefinitionHandlers,
  ...serviceHandlers,
  ...serviceRevisionHandlers,
  ...taskHandlers,
  ...runTaskHandlers,
  ...ecsTagHandlers,
}
