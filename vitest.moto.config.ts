import { defineConfig } from 'vitest/config'

// `npm run test:moto`: the conformance suite against moto (test/conformance/moto-setup.ts finds or starts it).
export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    globalSetup: ['test/conformance/moto-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
