import { execFileSync } from 'node:child_process'
import { createTemplate, dropDatabase } from './database.js'

/**
 * Once per run: build `dist/` (system tests run the built processes, as
 * production does) and a migrated template database that each test file clones.
 */
export default async function setup(): Promise<() => Promise<void>> {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' })
  const template = await createTemplate()
  process.env.INVENTORY_TEST_TEMPLATE = template
  return async () => {
    await dropDatabase(template)
  }
}
