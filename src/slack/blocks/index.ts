/** Block Kit, built by pure functions from data. */
export * from './cards.js'
export * from './choices.js'
export * from './home.js'
export * from './ids.js'
export * from './kit.js'
export * from './messages.js'
export * from './modals.js'
