import { describe, expect, it } from 'vitest'
import { formatDate, parseMrkdwn, parsePlain } from '../../../src/playground/page/mrkdwn.js'

describe('parseMrkdwn', () => {
  it('reads bold, italics, strike and code, and leaves markers inside words alone', () => {
    expect(parseMrkdwn('*WIDGET* _new_ ~old~ `code *not bold*` snake_case_name')).toEqual([
      { t: 'b', children: [{ t: 'text', text: 'WIDGET' }] },
      { t: 'text', text: ' ' },
      { t: 'i', children: [{ t: 'text', text: 'new' }] },
      { t: 'text', text: ' ' },
      { t: 's', children: [{ t: 'text', text: 'old' }] },
      { t: 'text', text: ' ' },
      { t: 'code', text: 'code *not bold*' },
      { t: 'text', text: ' snake_case_name' },
    ])
  })

  it('strikes through a whole sentence with a mention in it, as an undone movement reads', () => {
    expect(parseMrkdwn('~#3 <@U0LOCAL> received 5~ — undone')).toEqual([
      {
        t: 's',
        children: [
          { t: 'text', text: '#3 ' },
          { t: 'user', id: 'U0LOCAL' },
          { t: 'text', text: ' received 5' },
        ],
      },
      { t: 'text', text: ' — undone' },
    ])
  })

  it('reads links, mentions with labels, specials, dates and Slack’s entities', () => {
    expect(
      parseMrkdwn(
        '<https://x.test/a?b=1&amp;c=2|the docs> <#C1|general> <!here> <!date^1700000000^{date_short}|Nov 14> 1 &lt; 2 &amp;&amp; 3 &gt; 2',
      ),
    ).toEqual([
      { t: 'link', url: 'https://x.test/a?b=1&c=2', label: 'the docs' },
      { t: 'text', text: ' ' },
      { t: 'channel', id: 'C1', label: 'general' },
      { t: 'text', text: ' ' },
      { t: 'special', label: '@here' },
      { t: 'text', text: ' ' },
      { t: 'date', seconds: 1700000000, format: '{date_short}' },
      { t: 'text', text: ' 1 < 2 && 3 > 2' },
    ])
  })

  it('never makes a link of a non-web scheme', () => {
    expect(parseMrkdwn('<javascript:alert(1)|click>')).toEqual([{ t: 'text', text: 'click' }])
  })

  it('keeps line breaks, quotes and preformatted blocks', () => {
    expect(parseMrkdwn('a\n&gt; quoted\n```x *y*```')).toEqual([
      { t: 'text', text: 'a' },
      { t: 'br' },
      { t: 'quote', children: [{ t: 'text', text: 'quoted' }] },
      { t: 'br' },
      { t: 'pre', text: 'x *y*' },
    ])
  })

  it('turns known emoji shortcodes into emoji and leaves unknown ones as typed', () => {
    expect(parseMrkdwn(':warning: :no_such_emoji:')).toEqual([
      { t: 'emoji', name: 'warning', char: '⚠️' },
      { t: 'text', text: ' :no_such_emoji:' },
    ])
    expect(parsePlain('*not bold* :bell:')).toEqual([
      { t: 'text', text: '*not bold* ' },
      { t: 'emoji', name: 'bell', char: '🔔' },
    ])
  })
})

describe('formatDate', () => {
  // 2023-11-14T22:13:20Z: already the 15th in Auckland, still the 14th in New York.
  const at = 1_700_000_000
  const now = Date.parse('2023-11-15T01:00:00Z')

  it('shows the time in the reader’s time zone', () => {
    expect(formatDate(at, '{date_num} {time}', { now, timeZone: 'Pacific/Auckland' })).toBe(
      '2023-11-15 11:13 AM',
    )
    expect(formatDate(at, '{date_num} {time}', { now, timeZone: 'America/New_York' })).toBe(
      '2023-11-14 5:13 PM',
    )
  })

  it('says Today or Yesterday by the reader’s calendar', () => {
    expect(formatDate(at, '{date_short_pretty} {time}', { now, timeZone: 'Pacific/Auckland' })).toBe(
      'Today 11:13 AM',
    )
    expect(formatDate(at, '{date_pretty}', { now: now + 86_400_000, timeZone: 'Pacific/Auckland' })).toBe(
      'Yesterday',
    )
    expect(formatDate(at, '{date_short_pretty}', { now: now + 9 * 86_400_000, timeZone: 'UTC' })).toBe(
      'Nov 14, 2023',
    )
  })

  it('writes long dates with ordinals, and ago', () => {
    expect(formatDate(at, '{date_long}', { timeZone: 'UTC' })).toBe('Tuesday, November 14th, 2023')
    expect(formatDate(at, '{ago}', { now: at * 1000 + 3 * 3_600_000 })).toBe('3 hours ago')
    expect(formatDate(at, 'at {unknown}', { timeZone: 'UTC' })).toBe('at {unknown}')
  })
})
