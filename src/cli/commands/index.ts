/** @module The list of CLI commands; each lives in its own file. */
import type { RegisterCommand } from '../program.js'
import { registerGraph } from './graph.js'
import { registerLocalCloud } from './local-cloud.js'
import { registerSchema } from './schema.js'
import { registerValidate } from './validate.js'

export const commandRegistry: RegisterCommand[] = [registerValidate, registerGraph, registerSchema, registerLocalCloud]
