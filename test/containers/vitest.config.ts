import { defineConfig } from 'vitest/config'

/** `npm run test:containers` (through test/containers/run.sh, which prepares the engine and the image). */
export default defineConfig({
  test: {
    include: ['test/containers/**/*.test.ts'],
    // The stack's steps run in order in stack.test.ts; image.test.ts (mostly a build that waits
    // for npm to give up) runs beside it, touching no container of the stack.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    allowOnly: false,
    passWithNoTests: false,
  },
})
