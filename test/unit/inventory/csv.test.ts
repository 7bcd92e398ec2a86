import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeText, detectDelimiter, readCsv, toCsv } from '../../../src/inventory/csv.js'
import { checkImportFile, validateImport } from '../../../src/inventory/import.js'

const cells = (text: string) => readCsv(text).records.map((r) => r.cells)
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url))

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', '=1+1', 3, null]])).toBe('a,"b,c","say ""hi""",\'=1+1,3,\r\n')
  })

  it('quotes a lone line feed or carriage return in a cell, and defuses every formula start', () => {
    expect(toCsv([['e\nf', 'g\rh', '+1', '-1', '@SUM(A1)', '\tx', 'a=b']])).toBe(
      '"e\nf","g\rh",\'+1,\'-1,\'@SUM(A1),\'\tx,a=b\r\n',
    )
  })

  it('parses quoted fields, CRLF, a BOM and a missing final newline', () => {
    expect(cells('\uFEFFsku,name\r\nA,"x, ""y""\nz"\r\nB,plain')).toEqual([
      ['sku', 'name'],
      ['A', 'x, "y"\nz'],
      ['B', 'plain'],
    ])
  })

  it('round-trips', () => {
    const rows = [['1', 'a,b', 'c"d', 'e\nf']]
    expect(cells(toCsv(rows))).toEqual(rows)
  })

  it('takes the delimiter the header uses: comma, semicolon or tab', () => {
    expect(detectDelimiter('sku,name\nA;B')).toBe(',')
    expect(detectDelimiter('sku;name;location\r\nA,1;B;main')).toBe(';')
    expect(detectDelimiter('sku\tname\nA\tB')).toBe('\t')
    expect(detectDelimiter('"sku;x",name\n')).toBe(',')
    expect(detectDelimiter('sku\n')).toBe(',')
  })

  it('numbers each record by the line it starts on, past blank lines and line breaks in quotes', () => {
    const { records } = readCsv('a,b\r\n1,"two\nlines"\r\n\r\n3,x\n4,"three\r\nmore\rlines"\n5,y')
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6, 9])
  })

  it('reports a quoted field that is never closed on the line where it starts', () => {
    expect(readCsv('a,b\n1,x\n\n2,"open\n3,y\n').errors).toEqual([
      'line 4: a quoted field starts here and is never closed (a missing ")',
    ])
  })
})

describe('decodeText', () => {
  it('reads UTF-8 with or without a BOM, and UTF-16 either way round with its BOM', () => {
    const text = 'sku;name\r\nØ6;Mutter – groß\r\n'
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const utf16be = Buffer.from(utf16le.subarray(2)).swap16()
    expect(decodeText(Buffer.from(text))).toEqual({ text })
    expect(decodeText(Buffer.from(`\uFEFF${text}`))).toEqual({ text })
    expect(decodeText(utf16le)).toEqual({ text })
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]))).toEqual({ text })
  })

  it('refuses text in another encoding, naming the first line that is not UTF-8', () => {
    expect(decodeText(Buffer.from('sku,name\nA,Alpha\nB,Caf\xe9\n', 'latin1'))).toEqual({
      error: 'line 3: not UTF-8 text. Save the file as “CSV UTF-8” (or “Unicode Text”) and import it again',
    })
  })
})

describe('import files as spreadsheets write them', () => {
  const expected = [
    { sku: 'BOLT-M6', location: 'main', quantity: 40 },
    { sku: 'NUT-M6', location: 'shelf-1', quantity: 25 },
    { sku: 'WASHER', location: 'main', quantity: 100 },
  ]
  it.each([
    ['comma-utf8.csv', 'Washer; 6 mm'],
    ['comma-utf8-bom-crlf.csv', 'Washer; 6 mm'],
    ['semicolon-excel.csv', 'Unterlegscheibe Ø6'],
    ['tab-utf16le.txt', 'Unterlegscheibe Ø6'],
    ['tab-utf16be.txt', 'Unterlegscheibe Ø6'],
  ])('%s', (name, washer) => {
    const { rows, errors } = checkImportFile(fixture(name))
    expect(errors).toEqual([])
    expect(rows).toMatchObject(expected)
    expect(rows[2]?.name).toBe(washer)
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4])
  })

  it('multiline-quoted.csv: a cell with a line break, and a stray quote in a field', () => {
    const { rows, errors } = checkImportFile(fixture('multiline-quoted.csv'))
    expect(errors).toEqual([])
    expect(rows.map((r) => [r.line, r.name])).toEqual([
      [2, 'Bolt M6\nzinc plated'],
      [4, 'Pipe 10" long, steel'],
      [5, 'Nut M6'],
    ])
  })

  it('bad-lines.csv: every bad line, by its line in the file, and no rows', () => {
    const { rows, errors } = checkImportFile(fixture('bad-lines.csv'))
    expect(errors).toEqual([
      'line 4: sku: letters, digits, . - _ or /, at most 40 characters',
      'line 5: quantity: must be a whole number from 0 to 1,000,000,000',
      'line 7: location: letters, digits, . - or _, at most 30 characters',
      'line 8: a quoted field starts here and is never closed (a missing ")',
    ])
    expect(rows.map((r) => r.sku)).toEqual(['GOOD'])
  })

  it('windows-1252.csv: refused, naming the line', () => {
    expect(checkImportFile(fixture('windows-1252.csv')).errors).toEqual([
      'line 3: not UTF-8 text. Save the file as “CSV UTF-8” (or “Unicode Text”) and import it again',
    ])
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
