import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from '../../../src/inventory/csv.js'
import { validateImport } from '../../../src/inventory/import.js'

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', '=1+1', 3, null]])).toBe('a,"b,c","say ""hi""",\'=1+1,3,\r\n')
  })

  it('parses quoted fields, CRLF, a BOM and a missing final newline', () => {
    expect(parseCsv('\uFEFFsku,name\r\nA,"x, ""y""\nz"\r\nB,plain')).toEqual([
      ['sku', 'name'],
      ['A', 'x, "y"\nz'],
      ['B', 'plain'],
    ])
  })

  it('round-trips', () => {
    const rows = [['1', 'a,b', 'c"d', 'e\nf']]
    expect(parseCsv(toCsv(rows))).toEqual(rows)
  })
})

describe('validateImport', () => {
  it('refuses an unknown or incomplete header', () => {
    expect(validateImport([['sku', 'colour']]).errors[0]).toMatch(/missing name; unknown colour/)
  })

  it('defaults location to main and quantity to 0, and catches conflicting names', () => {
    const { rows, errors } = validateImport([
      ['sku', 'name'],
      ['a', 'Alpha'],
      ['a', 'Other'],
    ])
    expect(rows).toEqual([{ line: 2, sku: 'A', name: 'Alpha', location: 'main', quantity: 0 }])
    expect(errors).toEqual(['line 3: name: A is named “Alpha” on an earlier line'])
  })
})
