import { describe, expect, it } from 'vitest'
import { actionsFor, yesterday, yuan } from './reconciliation'

describe('reconciliation', () => {
    it('offers crediting or a refund at the gateway only for money we have not credited', () => {
        expect(actionsFor('MISSING_AT_US')).toEqual(['CREDITED', 'REFUNDED_AT_GATEWAY'])
        expect(actionsFor('MISSING_AT_GATEWAY')).toEqual(['ACCEPTED'])
        expect(actionsFor('DUPLICATE')).toEqual(['ACCEPTED'])
    })

    it('offers only marking a refund we have not made as refunded at the gateway: it cannot be credited', () => {
        expect(actionsFor('MISSING_AT_US', 'RF2026120500000007N1')).toEqual(['REFUNDED_AT_GATEWAY'])
        expect(actionsFor('AMOUNT_MISMATCH', 'RF2026120500000007N1')).toEqual(['ACCEPTED'])
    })

    it('shows a dash for a side without the transaction', () => {
        expect(yuan(null)).toBe('—')
        expect(yuan(12.5)).toBe('12.50')
    })

    it('takes yesterday in Beijing time', () => {
        // 2026-12-06 17:00 UTC is already 2026-12-07 in Beijing
        expect(yesterday(new Date('2026-12-06T17:00:00Z'))).toBe('2026-12-06')
        expect(yesterday(new Date('2026-12-06T15:00:00Z'))).toBe('2026-12-05')
    })
})
