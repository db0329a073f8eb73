import { describe, expect, it } from 'vitest'
import { accountsShown, actionsFor, detailsBody, earliestStart, noticeMet, placesText, type Outage } from './outages'

const base: Outage = {
    id: 7,
    kind: 'PLANNED',
    status: 'DRAFT',
    version: 1,
    cause: '10kV线路检修',
    startsAt: '2026-12-20T00:00:00Z',
    expectedRestorationAt: '2026-12-20T08:00:00Z',
    nodes: [{ type: 'LINE', id: 3, code: 'L3', name: '10kV城东线' }],
    affectedAccounts: 0,
    estimatedAccounts: 120,
    draftedBy: 11,
}
const now = new Date('2026-12-06T00:00:00Z')

describe('outage board', () => {
    it('offers approval only to someone other than the drafter', () => {
        expect(actionsFor(base, 11, now)).toEqual(['edit', 'cancel'])
        expect(actionsFor(base, 12, now)).toEqual(['edit', 'approve', 'cancel'])
    })

    it('offers restoration only once the outage has started, and nothing once it is over', () => {
        const published = { ...base, status: 'PUBLISHED' as const }
        expect(actionsFor(published, 12, now)).toEqual(['revise', 'cancel'])
        expect(actionsFor(published, 12, new Date('2026-12-20T01:00:00Z'))).toEqual(['revise', 'restore', 'cancel'])
        expect(actionsFor({ ...base, status: 'RESTORED' }, 12, now)).toEqual([])
        expect(actionsFor({ ...base, status: 'CANCELLED' }, 12, now)).toEqual([])
    })

    it('needs 7 days for planned and 24 hours for temporary maintenance, none for faults', () => {
        expect(earliestStart('PLANNED', now).toISOString()).toBe('2026-12-13T00:00:00.000Z')
        expect(noticeMet('PLANNED', '2026-12-12T23:59:00Z', now)).toBe(false)
        expect(noticeMet('PLANNED', '2026-12-13T00:00:00Z', now)).toBe(true)
        expect(noticeMet('TEMPORARY', '2026-12-07T00:00:00Z', now)).toBe(true)
        expect(noticeMet('TEMPORARY', '2026-12-06T23:00:00Z', now)).toBe(false)
        expect(noticeMet('FAULT', now, now)).toBe(true)
    })

    it('shows the kept count once published, the estimate before', () => {
        expect(accountsShown(base)).toBe(120)
        expect(accountsShown({ ...base, publishedAt: '2026-12-06T00:00:00Z', affectedAccounts: 118 })).toBe(118)
    })

    it('names three places and counts the rest', () => {
        const n = (name: string) => ({ name })
        expect(placesText([n('甲'), n('乙')])).toBe('甲、乙')
        expect(placesText([n('甲'), n('乙'), n('丙'), n('丁'), n('戊')])).toBe('甲、乙、丙 +2')
    })

    it('sends nodes once each, with URL level names and ISO times', () => {
        const body = detailsBody({
            nodes: [{ type: 'LINE', id: '3' }, { type: 'line', id: 3 }, { type: 'AREA', id: '9' }],
            cause: '  检修  ',
            startsAt: new Date('2026-12-20T00:00:00Z'),
            expectedRestorationAt: '2026-12-20T08:00:00Z',
        })
        expect(body).toEqual({
            nodes: [{ type: 'line', id: 3 }, { type: 'area', id: 9 }],
            cause: '检修',
            startsAt: '2026-12-20T00:00:00.000Z',
            expectedRestorationAt: '2026-12-20T08:00:00.000Z',
        })
    })
})
