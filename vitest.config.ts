import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The compose stack on a Docker engine: `npm run test:containers` (test/containers/run.sh).
    exclude: ['test/containers/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that need Postgres or RabbitMQ fail when the service is missing; nothing is skipped.
    allowOnly: false,
    passWithNoTests: false,
  },
})
