#!/usr/bin/env node
/** @module Entry point of the `ecs-reconciler` binary. */
import { runCli } from './program.js'

process.exitCode = await runCli(process.argv)
