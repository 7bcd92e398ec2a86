/** The image `npm run test:containers` builds from the Dockerfile (test/containers/run.sh) and tests. */
export const IMAGE = 'ghcr.io/inventory-bot/slack-inventory-bot'
export const IMAGE_TAG = 'containers-test'
/** The Compose project the stack runs as (container, volume and network names start with it). */
export const PROJECT = 'inventoryci'
