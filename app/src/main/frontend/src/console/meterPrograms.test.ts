import { describe, expect, it } from 'vitest'
import { canRetry, isActive, isFailed, percent, programmable, stateKey, type Campaign, type MeterOutcome } from './meterPrograms'
import type { TariffView } from './tariffs'

const campaign = (over: Partial<Campaign>): Campaign => ({
    id: 'c1',
    tariffId: 'CN-ZJ-RES-TOU',
    version: 1,
    scheduleId: 'CN-ZJ-RES-TOU',
    branchId: 1,
    year: 2026,
    activeFrom: '2026-12-31T00:00:00',
    writes: 50,
    requestedBy: 'clerk',
    requestedAt: '2026-12-01T00:00:00Z',
    state: 'ENQUEUED',
    meters: 4,
    pending: 0,
    waiting: 0,
    sent: 0,
    confirmed: 0,
    alreadyCurrent: 0,
    failed: 0,
    ...over,
})

describe('meter programs', () => {
    it('counts confirmed, already current and failed meters as done', () => {
        const c = campaign({ confirmed: 1, alreadyCurrent: 1, failed: 1, sent: 1 })
        expect(percent(c)).toBe(75)
        expect(isActive(c)).toBe(true)
        expect(isActive(campaign({ confirmed: 4 }))).toBe(false)
        expect(percent(campaign({ meters: 0 }))).toBe(100)
        // meters not yet handed to the head-end are not done, nor is a campaign still handing them over
        expect(isActive(campaign({ confirmed: 2, pending: 2 }))).toBe(true)
        expect(isActive(campaign({ state: 'ENQUEUEING', meters: 0 }))).toBe(true)
    })

    it('tells a failed meter from one on its way or done, and a meter that needed no write', () => {
        const m = (state: string, alreadyCurrent = false): MeterOutcome => ({ meterId: 1, asset: 'A1', accountId: 1, state, alreadyCurrent, retries: 0 })
        expect(['REFUSED', 'FAILED', 'EXPIRED', 'SUPERSEDED'].map((s) => isFailed(m(s)))).toEqual([true, true, true, true])
        expect(['PENDING', 'REQUESTED', 'SENT', 'ACKNOWLEDGED', 'VERIFIED'].map((s) => isFailed(m(s)))).toEqual([false, false, false, false, false])
        expect(stateKey(m('VERIFIED', true))).toBe('ALREADY_CURRENT')
        expect(stateKey(m('VERIFIED'))).toBe('VERIFIED')
        expect(stateKey(m('FAILED'))).toBe('FAILED')
    })

    it('lets failed meters be sent again only before the switch time', () => {
        expect(canRetry(campaign({ failed: 1 }), new Date('2026-12-30T00:00:00'))).toBe(true)
        expect(canRetry(campaign({ failed: 1 }), new Date('2027-01-01T00:00:00'))).toBe(false)
        expect(canRetry(campaign({ failed: 0 }), new Date('2026-12-30T00:00:00'))).toBe(false)
    })

    it('offers only the versions in force that name a time-of-use schedule', () => {
        const tariffs = [
            {
                id: 'TOU', name: '分时', region: 'CN-ZJ', customerClass: 'RESIDENTIAL', voltage: 'V1', category: 'RESIDENTIAL_TOU',
                versions: [
                    { version: 1, effectiveFrom: '2026-01-01', status: 'PACK', definition: { energy: { schedule: 'CN-ZJ-RES-TOU' } } },
                    { version: 2, effectiveFrom: '2027-01-01', status: 'DRAFT', definition: { energy: { schedule: 'CN-ZJ-RES-TOU' } } },
                ],
            },
            {
                id: 'TIER', name: '阶梯', region: 'CN-ZJ', customerClass: 'RESIDENTIAL', voltage: 'V1', category: 'RESIDENTIAL_TIERED',
                versions: [{ version: 1, effectiveFrom: '2026-01-01', status: 'PACK', definition: { energy: {} } }],
            },
        ] as TariffView[]
        expect(programmable(tariffs).map((p) => `${p.tariff.id}/${p.version.version}/${p.schedule}`)).toEqual(['TOU/1/CN-ZJ-RES-TOU'])
    })
})
