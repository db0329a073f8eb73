import { describe, expect, it } from 'vitest'
import { arrivalClock, km, nextCrewSteps } from './repairs'

describe('repair clock', () => {
    const arriveBy = '2026-12-06T10:45:00Z'
    const at = (s: string) => new Date(s).getTime()

    it('counts the minutes left, then overdue, before the crew arrives', () => {
        expect(arrivalClock({ status: 'DISPATCHED', arriveBy, arrivedAt: null }, at('2026-12-06T10:15:30Z')))
            .toEqual({ kind: 'left', minutes: 29 })
        expect(arrivalClock({ status: 'OPEN', arriveBy, arrivedAt: null }, at('2026-12-06T11:00:00Z')))
            .toEqual({ kind: 'overdue', minutes: 15 })
    })

    it('says how late the crew arrived, or that it was on time', () => {
        expect(arrivalClock({ status: 'REPAIRED', arriveBy, arrivedAt: '2026-12-06T10:52:00Z' }, 0))
            .toEqual({ kind: 'late', minutes: 7 })
        expect(arrivalClock({ status: 'ARRIVED', arriveBy, arrivedAt: '2026-12-06T10:45:00Z' }, 0))
            .toEqual({ kind: 'onTime', minutes: 0 })
    })

    it('has no clock for jobs that need no crew', () => {
        expect(arrivalClock({ status: 'REFERRED', arriveBy, arrivedAt: null }, 0)).toBeNull()
        expect(arrivalClock({ status: 'CANCELLED', arriveBy, arrivedAt: null }, 0)).toBeNull()
    })
})

describe('crew steps', () => {
    it('follow the transition table', () => {
        expect(nextCrewSteps('DISPATCHED')).toEqual(['ACCEPTED'])
        expect(nextCrewSteps('ARRIVED')).toEqual(['REPAIRED', 'REFERRED'])
        expect(nextCrewSteps('REPAIRED')).toEqual([])
        expect(nextCrewSteps('OPEN')).toEqual([])
    })

    it('show distances in kilometres', () => {
        expect(km(1002)).toBe('1.0')
        expect(km('20038')).toBe('20.0')
    })
})
