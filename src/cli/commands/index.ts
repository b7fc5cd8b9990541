/** @module The list of CLI commands; each lives in its own file. */
import type { RegisterCommand } from '../program.js'
import { registerLocalCloud } from './local-cloud.js'

export const commandRegistry: RegisterCommand[] = [registerLocalCloud]
