import { describe, expect, it } from 'vitest'
import { amount, kwh, latestBill, tierChart, touBreakdown, yuan, type BillLine, type PortalBill, type TierProgress } from './bills'

function bill(id: number, type: PortalBill['type'], status: string): PortalBill {
    return {
        id, supplyAccountId: 1, accountNumber: '3301000123', type, status, billNumber: `B${id}`,
        periodFrom: '2026-11-01', periodTo: '2026-11-30', issuedOn: '2026-12-03', dueOn: '2026-12-25',
        energyKwh: 300, total: '138.80', estimated: false, tariffId: 'T', tariffVersion: 1, lines: [],
    }
}

function line(code: string, quantity: number | string, amt: number | string): BillLine {
    return { lineNo: 1, code, quantity, unit: 'KWH', price: '0.5', amount: amt, sources: [] }
}

const progress = (used: number | string, tiers: [number, number | null][]): TierProgress => ({
    supplyAccountId: 1, tariffId: 'ZJ', tariffVersion: 1, cycle: 'ANNUAL', cycleFrom: '2026-01-01', cycleTo: '2026-12-31',
    used, tiers: tiers.map(([tier, upTo]) => ({ tier, upTo, price: '0.538' })),
    currentTier: 1, toNextTier: null, months: [],
})

describe('amounts', () => {
    it('reads numbers and decimal strings; money is a number of yuan, energy of kWh, never an object', () => {
        expect(amount('138.80')).toBe(138.8)
        expect(amount(12)).toBe(12)
        expect(amount(-138.8)).toBe(-138.8)
        expect(amount({ fen: 13880 })).toBeNull()
        expect(amount(300.5)).toBe(300.5)
        expect(amount({ value: 300 })).toBeNull()
        expect(amount(null)).toBeNull()
        expect(amount('x')).toBeNull()
    })

    it('prints yuan with the sign before the currency and thousands grouped', () => {
        expect(yuan('138.8')).toBe('¥138.80')
        expect(yuan(-138.8)).toBe('-¥138.80')
        expect(yuan('12345.6')).toBe('¥12,345.60')
        expect(yuan(undefined)).toBe('—')
        expect(kwh('300.0000')).toBe('300')
        expect(kwh('12.5')).toBe('12.5')
    })
})

describe('latest bill', () => {
    it('is the newest bill to pay, skipping reversals and reversed bills', () => {
        const list = [bill(3, 'REVERSAL', 'ISSUED'), bill(2, 'REGULAR', 'REVERSED'), bill(4, 'REBILL', 'ISSUED')]
        expect(latestBill(list)?.id).toBe(4)
        expect(latestBill([bill(3, 'REVERSAL', 'ISSUED')])?.id).toBe(3)
        expect(latestBill([])).toBeNull()
    })
})

describe('time-of-use breakdown', () => {
    it('orders periods from sharp to deep valley with shares of the TOU energy', () => {
        const s = touBreakdown([
            line('TOU_VALLEY', '120', '34.56'),
            line('TIER_INCREMENT_2', '40', '2.00'),
            line('TOU_PEAK', 180, 102.24),
        ])
        expect(s.map((x) => x.code)).toEqual(['TOU_PEAK', 'TOU_VALLEY'])
        expect(s[0]).toEqual({ code: 'TOU_PEAK', kwh: 180, amount: 102.24, share: 60 })
        expect(s[1].share).toBe(40)
    })

    it('is empty for a bill without TOU lines and sums split lines of one period', () => {
        expect(touBreakdown([line('ENERGY_TIER1', 100, 53.8)])).toEqual([])
        const s = touBreakdown([line('TOU_FLAT', 10, 5), line('TOU_FLAT', 20, 10)])
        expect(s).toEqual([{ code: 'TOU_FLAT', kwh: 30, amount: 15, share: 100 }])
    })

    it('gives a reversal the same shares as the bill it cancels', () => {
        const s = touBreakdown([line('TOU_PEAK', -180, -102.24), line('TOU_VALLEY', -120, -34.56)])
        expect(s.map((x) => x.share)).toEqual([60, 40])
        expect(s[0].amount).toBe(-102.24)
    })
})

describe('tier chart', () => {
    it('fills the first tier and tells how many kWh remain until the second', () => {
        const c = tierChart({ ...progress(2000, [[1, 2760], [2, 4800], [3, null]]), toNextTier: 760 })
        expect(c.bars.map((b) => [b.tier, b.from, b.to, b.used, b.left])).toEqual([
            [1, 0, 2760, 2000, 760],
            [2, 2760, 4800, 0, 2040],
            [3, 4800, null, 0, 0],
        ])
        expect(c.currentTier).toBe(1)
        expect(c.toNextTier).toBe(760)
        expect(c.percentOfTier).toBe(72.5)
    })

    it('puts energy exactly at a limit into the next tier', () => {
        const c = tierChart(progress(2760, [[1, 2760], [2, 4800], [3, null]]))
        expect(c.currentTier).toBe(2)
        expect(c.bars[0].used).toBe(2760)
        expect(c.bars[1].used).toBe(0)
        expect(c.percentOfTier).toBe(0)
    })

    it('counts energy in the top tier and has no next tier there', () => {
        const c = tierChart(progress('5000.5', [[1, 2760], [2, 4800], [3, null]]))
        expect(c.currentTier).toBe(3)
        expect(c.bars[2].used).toBe(200.5)
        expect(c.bars.reduce((s, b) => s + b.used, 0)).toBe(5000.5)
        expect(c.percentOfTier).toBe(100)
    })

    it('sorts tiers that come out of order', () => {
        const c = tierChart(progress(100, [[2, null], [1, 200]]))
        expect(c.bars.map((b) => b.tier)).toEqual([1, 2])
        expect(c.bars[0].left).toBe(100)
    })
})

describe('tier chart months', () => {
    it('runs a total over the months in calendar order', async () => {
        const { cumulativeMonths } = await import('./bills')
        const p = { ...progress(0, [[1, null]]), months: [
            { month: '2026-02', energy: 200.5 },
            { month: '2026-01', energy: 300 },
        ] }
        expect(cumulativeMonths(p)).toEqual([
            { month: '2026-01', kwh: 300, total: 300 },
            { month: '2026-02', kwh: 200.5, total: 500.5 },
        ])
    })

    it('names funds it does not know as funds and leaves other unknown codes to the caller', async () => {
        const { lineNameKey } = await import('./bills')
        const known = (k: string) => ['bills.lineNames.TOU_PEAK', 'bills.lineNames.FUND'].includes(k)
        expect(lineNameKey('TOU_PEAK', known)).toBe('bills.lineNames.TOU_PEAK')
        expect(lineNameKey('FUND_NEW_LEVY', known)).toBe('bills.lineNames.FUND')
        expect(lineNameKey('SOMETHING', known)).toBe('')
    })
})
