import { describe, expect, it } from 'vitest'
import { EXCEPTIONS_LIMIT, figures, rateState } from './dashboard'

const rate = (registerRate: string | null, meters = 10) => ({
    meters, registersRead: 9, registerRate, slotsExpected: 960, slotsActual: 900, intervalRate: '93.75',
})

describe('the branch dashboard', () => {
    it('sums what the APIs answer into its figures', () => {
        const f = figures({
            report: { day: '2026-12-05', groupBy: 'branch', total: rate('90.0'), groups: [] },
            exceptions: [{}, {}, {}],
            concentrators: [
                { concentratorId: 'A', archivedMeters: 5, connected: true, answeredMeters: 5 },
                { concentratorId: 'B', archivedMeters: 3, connected: false, answeredMeters: 0 },
            ],
            branches: [
                { type: 'BRANCH', slug: 'branch', id: '1', accounts: 120, leaf: false },
                { type: 'BRANCH', slug: 'branch', id: '2', leaf: false },
            ],
        })
        expect(f).toEqual({
            registerRate: 90, intervalRate: 93.75, meters: 10, openExceptions: 3, moreExceptions: false,
            concentrators: 2, concentratorsOnline: 1, unreachableMeters: 3, accounts: 120,
        })
    })

    it('leaves a figure empty when its source failed, and says when there are more exceptions than asked for', () => {
        const f = figures({ exceptions: new Array(EXCEPTIONS_LIMIT).fill({}) })
        expect(f.registerRate).toBeNull()
        expect(f.accounts).toBeNull()
        expect(f.concentrators).toBeNull()
        expect(f.moreExceptions).toBe(true)
    })

    it('marks a collection rate under target', () => {
        expect(rateState(99.2)).toBe('ok')
        expect(rateState(97.9)).toBe('low')
        expect(rateState(null)).toBe('none')
    })
})
