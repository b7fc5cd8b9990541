/** @module `ecs-reconciler local-cloud`: placeholder until the emulator lands (issue 3). */
import type { RegisterCommand } from '../program.js'

export const registerLocalCloud: RegisterCommand = () => {}
