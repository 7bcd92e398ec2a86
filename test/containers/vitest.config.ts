import { defineConfig } from 'vitest/config'

/** `npm run test:containers` (through test/containers/run.sh, which prepares the engine and the image). */
export default defineConfig({
  test: {
    include: ['test/containers/**/*.test.ts'],
    // One Docker engine, one stack: files and steps run one after another.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    allowOnly: false,
    passWithNoTests: false,
  },
})
