import { describe, expect, it } from 'vitest'
import { collectionRows, groupLabel, trendDays, trendPoints, type Rate } from './collection'

function rate(partial: Partial<Rate>): Rate {
    return { meters: 10, registersRead: 9, slotsExpected: 960, slotsActual: 900, ...partial }
}

describe('collection dashboard', () => {
    it('asks for the thirty days ending yesterday in one range, across a month end', () => {
        const t = trendDays('2026-03-02', 30)
        expect(t.from).toBe('2026-02-01')
        expect(t.to).toBe('2026-03-02')
        expect(t.days).toHaveLength(30)
    })

    it('draws one point per day and leaves a gap where the report lacks a day or a rate', () => {
        const days = ['2026-07-01', '2026-07-02', '2026-07-03']
        const points = trendPoints({
            from: '2026-07-01',
            to: '2026-07-03',
            days: [
                { day: '2026-07-03', total: rate({ registerRate: '98.50', intervalRate: 97 }) },
                { day: '2026-07-01', total: rate({ meters: 0 }) },
            ],
        }, days)
        expect(points).toEqual([
            { day: '2026-07-01', register: null, interval: null },
            { day: '2026-07-02', register: null, interval: null },
            { day: '2026-07-03', register: 98.5, interval: 97 },
        ])
        expect(trendPoints(null, days).map((p) => p.register)).toEqual([null, null, null])
    })

    it('names a row by the grid name the API sends, then its code, then its id', () => {
        expect(groupLabel(rate({ group: 42, code: 'TA-042', name: '幸福里台区' }))).toBe('幸福里台区')
        expect(groupLabel(rate({ group: 42, code: 'TA-042' }))).toBe('TA-042')
        expect(groupLabel(rate({ group: 42 }))).toBe('#42')
        expect(groupLabel(rate({ group: null }))).toBe('—')
        expect(groupLabel(rate({}))).toBe('—')
    })

    it('lists the lowest register rate first and groups without meters last', () => {
        const rows = collectionRows([
            rate({ group: 1, name: 'A', registerRate: '99.00' }),
            rate({ group: 2, name: 'B', meters: 0 }),
            rate({ group: 3, name: 'C', registerRate: 80, intervalRate: '75.25' }),
        ])
        expect(rows.map((r) => r.label)).toEqual(['C', 'A', 'B'])
        expect(rows[0]).toMatchObject({ id: '3', register: 80, interval: 75.25 })
        expect(rows[2].register).toBeNull()
        expect(collectionRows(undefined)).toEqual([])
    })
})
