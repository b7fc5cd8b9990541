import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built CLI and a local cloud; give them room on a 2-core CI machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Reads lag writes by 300 ms everywhere in the suite, in-process local clouds and the CLI's
    // embedded one alike, because ECS, Cloud Map and Application Auto Scaling are eventually
    // consistent (src/localcloud/consistency.ts cites the docs); tests of something else that need
    // consistent reads pass consistencyLagMs: 0 and say why.
    env: { ECS_RECONCILER_CONSISTENCY_LAG: '300ms' },
  },
})
