/** @module What a command file exports: a function that adds its command to the program (program.ts calls them). */
import type { Command } from 'commander'

export type RegisterCommand = (program: Command, setExit: (code: number) => void) => void
