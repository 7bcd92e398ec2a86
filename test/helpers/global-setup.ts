import { createTemplate, dropDatabase } from './database.js'

/** Once per run: a migrated template database that each test file clones. */
export default async function setup(): Promise<() => Promise<void>> {
  const template = await createTemplate()
  process.env.INVENTORY_TEST_TEMPLATE = template
  return async () => {
    await dropDatabase(template)
  }
}
