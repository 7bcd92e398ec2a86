/** All wording, in one place: errors, usage, and the text of every reply, card, modal and Home. */
export * from './admin.js'
export * from './changes.js'
export * from './common.js'
export * from './errors.js'
export * from './interactive.js'
export * from './names.js'
export * from './reads.js'
export * from './usage.js'
