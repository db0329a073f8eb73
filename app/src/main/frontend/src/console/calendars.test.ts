import { describe, expect, it } from 'vitest'
import { i18n, setLanguage } from '@/i18n'
import { calendarBody, calendarField, importCalendar, inForce, openDraft, type CalendarYearView } from './calendars'

describe('holiday calendars', () => {
    it('names where a problem is as the form does, counting entries from one', async () => {
        await setLanguage('zh-CN')
        const t = i18n.global.t as (key: string, named?: Record<string, unknown>) => string
        expect(calendarField('calendar.off[1]', t)).toBe('放假日期 第 2 项')
        expect(calendarField('calendar.work[0]', t)).toBe('调休上班日期 第 1 项')
        expect(calendarField('calendar.source', t)).toBe('通知')
        expect(calendarField('calendar.published', t)).toBe('发布日期')
        expect(calendarField('calendar', t)).toBe('calendar')
        expect(calendarField('year', t)).toBe('year')
        await setLanguage('en')
        expect(calendarField('calendar.off[11]', t)).toBe('Days off, entry 12')
        await setLanguage('zh-CN')
    })

    it('turns the form into the pack format, a date or range a line, commas too', () => {
        expect(calendarBody({ year: 2027, source: ' 国务院办公厅关于2027年部分节假日安排的通知 ', published: '2026-11-10',
            off: '2027-01-01\n2027-10-01..2027-10-07, 2027-05-01', work: '\n2027-10-09\n' })).toEqual({
            source: '国务院办公厅关于2027年部分节假日安排的通知', published: '2026-11-10',
            off: ['2027-01-01', '2027-10-01..2027-10-07', '2027-05-01'], work: ['2027-10-09'] })
        expect(calendarBody({ year: 2027, source: 'x', published: ' ', off: '', work: '' })).toEqual({ source: 'x', off: [], work: [] })
    })

    it('imports a year in the pack format and says what is wrong with anything else', () => {
        expect(importCalendar(2027, '{"source": "n", "published": "2026-11-10", "off": ["2027-01-01"], "work": []}'))
            .toEqual({ year: 2027, source: 'n', published: '2026-11-10', off: '2027-01-01', work: '' })
        expect(importCalendar(2027, '[1]')).toEqual({ error: 'not-object' })
        expect(importCalendar(2027, 'off: []')).toMatchObject({ error: 'not-json' })
    })

    it('finds the version in force and the open draft', () => {
        const y: CalendarYearView = { year: 2026, inForce: 1, versions: [
            { version: 0, status: 'PACK', effectiveFrom: '2026-01-01', source: 'a', off: [], work: [] },
            { version: 1, status: 'APPROVED', effectiveFrom: '2026-12-07', source: 'b', off: [], work: [] },
            { version: 2, status: 'DRAFT', effectiveFrom: '2026-12-07', source: 'c', off: [], work: [] }] }
        expect(inForce(y)?.source).toBe('b')
        expect(openDraft(y)?.version).toBe(2)
        expect(openDraft({ ...y, versions: y.versions.slice(0, 2) })).toBeUndefined()
    })
})
