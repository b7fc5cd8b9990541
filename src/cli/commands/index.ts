/** @module The list of CLI commands; each lives in its own file. */
import type { RegisterCommand } from './register.js'
import { registerApply } from './apply.js'
import { registerChaos } from './chaos.js'
import { registerGraph } from './graph.js'
import { registerImport } from './import.js'
import { registerLocalCloud } from './local-cloud.js'
import { registerPlan } from './plan.js'
import { registerRun } from './run.js'
import { registerRollback } from './rollback.js'
import { registerSchema } from './schema.js'
import { registerTask } from './task.js'
import { registerValidate } from './validate.js'
import { registerVerify } from './verify.js'

export const commandRegistry: RegisterCommand[] = [
  registerValidate,
  registerPlan,
  registerApply,
  registerRun,
  registerGraph,
  registerSchema,
  registerLocalCloud,
  registerChaos,
  registerImport,
  registerVerify,
  registerTask,
  registerRollback,
]
