/** @module `ecs-reconciler schema`: prints the JSON Schema of the manifests, generated from the zod schemas. */
import { manifestJsonSchema } from '../../manifest/json-schema.js'
import type { RegisterCommand } from './register.js'

export const registerSchema: RegisterCommand = (program) => {
  program
    .command('schema')
    .description('print the JSON Schema of the manifests (for editors)')
    .action(() => {
      process.stdout.write(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`)
    })
}
