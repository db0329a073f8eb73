import { describe, expect, it } from 'vitest'
import { actionsFor, canRelease, canReverse, isActive, pace, runPercent, timeLeft, type BillingRun } from './billing'

function run(over: Partial<BillingRun>): BillingRun {
    return {
        id: 1, branchId: 11, periodFrom: '2026-11-01', periodTo: '2026-11-30', status: 'RUNNING', requestedBy: 'li',
        requestedAt: '2026-12-01T01:00:00Z', accounts: 1000, chunks: 10, chunksDone: 3, bills: 290, pendingAudit: 0,
        auditPassed: 280, held: 10, issued: 0, skipped: 10, billsPerSecond: '123.456', secondsLeft: 5.6, ...over,
    }
}

describe('billing run progress', () => {
    it('counts billed and skipped accounts against the accounts planned', () => {
        expect(runPercent(run({}))).toBe(30)
        expect(runPercent(run({ bills: 999, skipped: 0 }))).toBe(99)
        expect(runPercent(run({ status: 'COMPLETED', bills: 0 }))).toBe(100)
    })

    it('falls back to chunks before the accounts are counted, and never leaves 0..100', () => {
        expect(runPercent(run({ accounts: null, chunks: 4, chunksDone: 1 }))).toBe(25)
        expect(runPercent(run({ accounts: null, chunks: 0, chunksDone: 0, status: 'QUEUED' }))).toBe(0)
        expect(runPercent(run({ accounts: 10, bills: 50 }))).toBe(100)
    })

    it('writes the time left as minutes and seconds, hours when long, nothing when unknown', () => {
        expect(timeLeft(5.6)).toBe('0:06')
        expect(timeLeft(725)).toBe('12:05')
        expect(timeLeft(3723)).toBe('1:02:03')
        expect(timeLeft(null)).toBeNull()
        expect(timeLeft(-1)).toBeNull()
        expect(pace(run({}))).toBe('123.5')
        expect(pace(run({ billsPerSecond: null }))).toBeNull()
    })

    it('is active while queued or running; released only when completed with bills to issue', () => {
        expect(isActive(run({ status: 'QUEUED' }))).toBe(true)
        expect(isActive(run({ status: 'FAILED' }))).toBe(false)
        expect(canRelease(run({ status: 'COMPLETED' }))).toBe(true)
        expect(canRelease(run({ status: 'COMPLETED', auditPassed: 0 }))).toBe(false)
        expect(canRelease(run({ status: 'RUNNING' }))).toBe(false)
    })
})

describe('bill decisions', () => {
    it('offers what the state allows', () => {
        expect(actionsFor('HELD')).toEqual(['APPROVE', 'RECALCULATE'])
        expect(actionsFor('AUDIT_PASSED')).toEqual(['HOLD'])
        expect(actionsFor('ISSUED')).toEqual([])
        expect(canReverse({ status: 'ISSUED', type: 'REGULAR' })).toBe(true)
        expect(canReverse({ status: 'ISSUED', type: 'REBILL' })).toBe(true)
        expect(canReverse({ status: 'ISSUED', type: 'REVERSAL' })).toBe(false)
        expect(canReverse({ status: 'REVERSED', type: 'REGULAR' })).toBe(false)
    })
})
