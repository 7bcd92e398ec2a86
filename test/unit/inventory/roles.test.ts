import { describe, expect, it } from 'vitest'
import { denial } from '../../../src/inventory/access.js'
import { accessOf, allows, allowsSomewhere, roleAt } from '../../../src/inventory/roles.js'

const facts = (grant?: { role: 'viewer' | 'clerk' | 'manager' | 'admin'; locations?: string[] }) => ({
  defaultRole: 'clerk' as const,
  grant: grant ? { role: grant.role, locations: grant.locations ?? null } : null,
})
const member = { breakGlass: false, slackAdmin: false }

describe('who someone is', () => {
  it('ADMIN_USERS first, then a grant, then Slack’s admins, then the default role', () => {
    expect(accessOf(facts({ role: 'viewer' }), { breakGlass: true, slackAdmin: false })).toEqual({
      role: 'admin',
      source: 'break-glass',
    })
    expect(accessOf(facts({ role: 'viewer' }), { breakGlass: false, slackAdmin: true })).toEqual({
      role: 'viewer',
      source: 'grant',
    })
    expect(accessOf(facts(), { breakGlass: false, slackAdmin: true })).toEqual({
      role: 'admin',
      source: 'slack',
    })
    expect(accessOf(facts(), member)).toEqual({ role: 'clerk', source: 'default' })
  })

  it('a role limited to locations counts in full there, as viewer elsewhere and where nothing is located', () => {
    const ana = accessOf(facts({ role: 'manager', locations: ['north'] }), member)
    expect(roleAt(ana, 'north')).toBe('manager')
    expect(roleAt(ana, 'main')).toBe('viewer')
    expect(roleAt(ana)).toBe('viewer')
    expect(allows(ana, 'manager', 'north')).toBe(true)
    expect(allows(ana, 'clerk', 'main')).toBe(false)
    expect(allowsSomewhere(ana, 'clerk')).toBe(true)
    expect(allowsSomewhere(ana, 'admin')).toBe(false)
  })

  it('says what was refused, what it needs and where, and what the person has', () => {
    const ana = accessOf(facts({ role: 'clerk', locations: ['north'] }), member)
    expect(denial(ana, { verb: 'alerts.set', channel: 'C0ALERT', location: 'north' })).toEqual({
      verb: 'alerts.set',
      role: 'manager',
      location: 'north',
      has: 'clerk',
    })
    expect(denial(ana, { verb: 'export', sku: 'W' })).toEqual({
      verb: 'export',
      role: 'manager',
      has: 'viewer',
    })
    expect(denial(ana, { verb: 'export' })).toBeUndefined()
    expect(
      denial(accessOf(facts({ role: 'manager' }), member), { verb: 'new', sku: 'W', name: 'w' }),
    ).toBeUndefined()
  })
})
