import { describe, expect, it } from 'vitest'
import {
    beijingDay, comparisonBand, comparisonSentence, partialMonths, peerGroupKey, curveSeries, daysEnding, hasEstimates, lowestFirst, slotLabel, touSlices, usageBars } from './usage'

const slot = (n: number, kwh: number | string | null, quality: string) => ({ slot: n, kwh, quality })
const full = (quality = 'ACTUAL') => Array.from({ length: 96 }, (_, i) => slot(i + 1, (i + 1) / 100, quality))

describe('curveSeries', () => {
    it('always gives 96 labelled points from 00:00 to 23:45', () => {
        const s = curveSeries([])
        expect(s.labels).toHaveLength(96)
        expect(s.labels[0]).toBe('00:00')
        expect(s.labels[95]).toBe('23:45')
        expect(s.measured.every((v) => v === null)).toBe(true)
        expect(s.missing).toEqual([[0, 95]])
        expect(s.counts.MISSING).toBe(96)
    })

    it('puts actual and edited values on the solid series and counts each quality', () => {
        const slots = full()
        slots[10] = slot(11, '0.5000', 'EDITED')
        const s = curveSeries(slots)
        expect(s.measured[10]).toBe(0.5)
        expect(s.measured[0]).toBe(0.01)
        expect(s.edited).toEqual([10])
        expect(s.estimated.every((v) => v === null)).toBe(true)
        expect(s.counts).toEqual({ ACTUAL: 95, ESTIMATED: 0, EDITED: 1, MISSING: 0, PENDING: 0 })
    })

    it('draws an estimated run on its own series joined to the measured slots either side', () => {
        const slots = full()
        for (const i of [20, 21, 22]) slots[i] = slot(i + 1, 9, 'ESTIMATED')
        const s = curveSeries(slots)
        expect(s.measured.slice(20, 23)).toEqual([null, null, null])
        expect(s.estimated.slice(19, 24)).toEqual([0.2, 9, 9, 9, 0.24])
        expect(s.estimated[18]).toBeNull()
        expect(s.estimated[24]).toBeNull()
        expect(s.counts.ESTIMATED).toBe(3)
    })

    it('joins ranges of consecutive missing slots, also at both ends of the day', () => {
        const slots = full()
        for (const i of [0, 1, 50, 95]) slots[i] = slot(i + 1, 0, 'MISSING')
        const s = curveSeries(slots)
        expect(s.missing).toEqual([[0, 1], [50, 50], [95, 95]])
        expect(s.measured[50]).toBeNull()
    })

    it('treats absent slots, slots out of range and unreadable values as missing', () => {
        const slots = full().filter((s) => s.slot !== 40)
        slots.push(slot(0, 5, 'ACTUAL'), slot(97, 5, 'ACTUAL'))
        slots[5] = slot(6, 'abc', 'ACTUAL')
        const s = curveSeries(slots)
        expect(s.missing).toEqual([[5, 5], [39, 39]])
        expect(s.labels).toHaveLength(96)
    })

    it('derives kW from kWh where a slot has no kW, so the console draws kW like the portal (issue 8)', () => {
        const s = curveSeries([{ slot: 1, kwh: '0.052', quality: 'ACTUAL' }], 'kw')
        expect(s.measured[0]).toBe(0.208)
    })

    it('reads kW when asked and accepts slots in any order', () => {
        const slots = full().map((s) => ({ ...s, kw: s.slot * 2 })).reverse()
        const s = curveSeries(slots, 'kw')
        expect(s.measured[0]).toBe(2)
        expect(s.measured[95]).toBe(192)
    })
})

describe('usageBars', () => {
    const colours = { ACTUAL: 'blue', ESTIMATED: 'orange', EDITED: 'green', MISSING: 'grey' }

    it('leaves actual bars plain, hatches estimated ones and leaves a gap for missing', () => {
        const bars = usageBars([
            { kwh: '12.30', quality: 'ACTUAL' },
            { kwh: '11.00', quality: 'ESTIMATED' },
            { kwh: '0', quality: 'MISSING' },
        ], colours)
        expect(bars.map((b) => b.value)).toEqual([12.3, 11, null])
        expect(bars[0].itemStyle).toBeUndefined()
        expect(bars[1].itemStyle?.color).toBe('orange')
        expect(bars[1].itemStyle?.decal).toBeTruthy()
    })

    it('draws a month not covered whole pale, not hatched as if estimated (issue 8)', () => {
        const bars = usageBars([
            { kwh: '300', quality: 'ACTUAL', complete: true },
            { kwh: '120', quality: 'ACTUAL', complete: false },
            { kwh: '90', quality: 'ESTIMATED', complete: false },
        ], colours)
        expect(bars[0].itemStyle).toBeUndefined()
        expect(bars[1].itemStyle).toEqual({ opacity: 0.45 })
        expect(bars[2].itemStyle?.decal).toBeTruthy()
        expect(bars[2].itemStyle?.opacity).toBe(0.45)
    })

    it('knows when a legend for estimates is needed: not for a month still running (issue 8)', () => {
        expect(hasEstimates([{ quality: 'ACTUAL' }])).toBe(false)
        expect(hasEstimates([{ quality: 'ACTUAL' }, { quality: 'estimated' }])).toBe(true)
        expect(hasEstimates([{ quality: 'ACTUAL', complete: false } as { quality: string }])).toBe(false)
        expect(hasEstimates(null)).toBe(false)
    })

    it('lists the months covered in part, not the missing ones', () => {
        const rows = [
            { month: '2026-11', kwh: '300', quality: 'ACTUAL', complete: true },
            { month: '2026-12', kwh: '40', quality: 'ACTUAL', complete: false },
            { month: '2027-01', kwh: null, quality: 'MISSING', complete: false },
        ]
        expect(partialMonths(rows).map((r) => r.month)).toEqual(['2026-12'])
    })
})

describe('comparison', () => {
    const c = { kwh: '900', lowerQuartile: '200', upperQuartile: '700' }

    it('reads the API\'s peer group in lower case (issue 8: it always said "same branch")', () => {
        expect(peerGroupKey('area')).toBe('AREA')
        expect(peerGroupKey('AREA')).toBe('AREA')
        expect(peerGroupKey('branch')).toBe('BRANCH')
        expect(peerGroupKey(undefined)).toBe('BRANCH')
    })

    it('says one sentence with the percentile, or the band alone without one (issue 8)', () => {
        expect(comparisonSentence({ ...c, percentile: '83.8' })).toEqual({ key: 'usage.sentence.high', p: 83.8 })
        expect(comparisonSentence({ ...c, kwh: '100', percentile: 5 })).toEqual({ key: 'usage.sentence.low', p: 5 })
        expect(comparisonSentence({ ...c, kwh: '500' })).toEqual({ key: 'usage.band.typical' })
        expect(comparisonSentence(null)).toBeNull()
    })
})

describe('curve slots still to come', () => {
    it('are pending, not missing, and leave no shaded area (issue 8)', () => {
        const slots = Array.from({ length: 96 }, (_, i) => ({
            slot: i + 1, kwh: i < 45 ? '0.1' : null, quality: i < 45 ? 'ACTUAL' : 'PENDING',
        }))
        const s = curveSeries(slots)
        expect(s.counts.MISSING).toBe(0)
        expect(s.counts.PENDING).toBe(51)
        expect(s.missing).toEqual([])
        expect(s.measured[50]).toBeNull()
    })
})

describe('touSlices', () => {
    it('gives one slice per tariff with use, keeping the tariff number', () => {
        expect(touSlices({ tariffKwh: ['1.00', '0', '3.50', '2'], sharesPercent: ['15.38', '0', '53.85', '30.77'] })).toEqual([
            { tariff: 1, value: 1, percent: 15.38 },
            { tariff: 3, value: 3.5, percent: 53.85 },
            { tariff: 4, value: 2, percent: 30.77 },
        ])
    })

    it('is empty without figures', () => {
        expect(touSlices(null)).toEqual([])
        expect(touSlices({})).toEqual([])
    })
})

describe('lowestFirst', () => {
    it('sorts by rate ascending with empty groups last, without changing the input', () => {
        const rows = [{ g: 'a', r: '99.5' }, { g: 'b', r: null }, { g: 'c', r: '12' }, { g: 'd', r: 100 }]
        expect(lowestFirst(rows, (x) => x.r).map((x) => x.g)).toEqual(['c', 'a', 'd', 'b'])
        expect(rows[0].g).toBe('a')
    })
})

describe('days', () => {
    it('lists the days ending with a day across month and year ends', () => {
        expect(daysEnding('2026-01-02', 4)).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02'])
        expect(daysEnding('2024-03-01', 2)).toEqual(['2024-02-29', '2024-03-01'])
    })

    it('takes today in Beijing, which is already tomorrow late in the UTC evening', () => {
        expect(beijingDay(0, new Date('2026-05-01T17:00:00Z'))).toBe('2026-05-02')
        expect(beijingDay(-1, new Date('2026-05-01T15:59:00Z'))).toBe('2026-04-30')
    })

    it('labels slots by their start time', () => {
        expect(slotLabel(1)).toBe('00:00')
        expect(slotLabel(5)).toBe('01:00')
        expect(slotLabel(96)).toBe('23:45')
    })
})

describe('comparisonBand', () => {
    it('places the use against the quartiles', () => {
        const c = { lowerQuartile: '100', upperQuartile: '200' }
        expect(comparisonBand({ ...c, kwh: '99.99' })).toBe('low')
        expect(comparisonBand({ ...c, kwh: '100' })).toBe('typical')
        expect(comparisonBand({ ...c, kwh: '200.01' })).toBe('high')
        expect(comparisonBand(null)).toBeNull()
        expect(comparisonBand({ kwh: '1' })).toBeNull()
    })
})
