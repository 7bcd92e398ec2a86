import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { parseCommandText } from '../../../src/slack/parse.js'

const codeOf = (text: string) => {
  try {
    parseCommandText(text)
  } catch (error) {
    if (error instanceof InputError) return error.code
    throw error
  }
  throw new Error(`parsed ${text}`)
}

describe('parseCommandText: roles, the default role and the audit trail', () => {
  it.each([
    ['roles', { verb: 'roles' }],
    ['role <@U0ANA|ana> clerk', { verb: 'role.set', user: 'U0ANA', role: 'clerk' }],
    ['role <@W0GRID> Manager', { verb: 'role.set', user: 'W0GRID', role: 'manager' }],
    ['role u0ana viewer', { verb: 'role.set', user: 'U0ANA', role: 'viewer' }],
    ['role <@U0ANA> none', { verb: 'role.set', user: 'U0ANA', role: 'none' }],
    [
      'role <@U0ANA> clerk at north,South',
      { verb: 'role.set', user: 'U0ANA', role: 'clerk', locations: ['north', 'south'] },
    ],
    [
      'role <@U0ANA> clerk at north, south north',
      { verb: 'role.set', user: 'U0ANA', role: 'clerk', locations: ['north', 'south'] },
    ],
    ['settings default-role viewer', { verb: 'settings.default-role', role: 'viewer' }],
    ['settings DEFAULT-ROLE Clerk', { verb: 'settings.default-role', role: 'clerk' }],
    ['audit', { verb: 'audit', limit: 20 }],
    ['audit 5', { verb: 'audit', limit: 5 }],
    ['audit 500', { verb: 'audit', limit: 40 }],
    ['audit denials', { verb: 'audit', denials: true, limit: 20 }],
    ['audit <@U0ANA|ana> 3', { verb: 'audit', user: 'U0ANA', limit: 3 }],
    ['audit widget', { verb: 'audit', sku: 'WIDGET', limit: 20 }],
    ['export audit', { verb: 'export.audit' }],
  ])('%j', (text, action) => {
    expect(parseCommandText(text)).toEqual(action)
  })

  it.each([
    ['roles all', 'USAGE'],
    ['role', 'USAGE'],
    ['role <@U0ANA>', 'USAGE'],
    ['role ana clerk', 'BAD_USER'],
    ['role <#C0123> clerk', 'BAD_USER'],
    ['role <@U0ANA> boss', 'BAD_ROLE'],
    ['role <@U0ANA> none at north', 'USAGE'],
    ['role <@U0ANA> clerk in north', 'USAGE'],
    ['role <@U0ANA> clerk at', 'USAGE'],
    ['role <@U0ANA> clerk at no!where', 'BAD_LOCATION_CODE'],
    [`role <@U0ANA> clerk at ${Array.from({ length: 21 }, (_, i) => `l${i}`).join(',')}`, 'USAGE'],
    ['settings default-role manager', 'USAGE'],
    ['settings default-role', 'USAGE'],
    ['audit W! 3', 'BAD_SKU'],
    ['audit denials many', 'BAD_QUANTITY'],
    ['export audit now', 'USAGE'],
  ])('refuses %j with %s', (text, code) => {
    expect(codeOf(text)).toBe(code)
  })
})
