import { describe, expect, it } from 'vitest'
import { countable, difference } from './paymentDesk'

describe('till close amounts', () => {
    it('accept zero and two decimals, as the server does', () => {
        expect(countable('0')).toBe(true)
        expect(countable(' 105.50 ')).toBe(true)
        expect(countable('105.505')).toBe(false)
        expect(countable('-1')).toBe(false)
        expect(countable('')).toBe(false)
    })

    it('take the difference through fen, without binary fractions', () => {
        expect(difference('105.00', 105.5)).toBe('-0.50')
        expect(difference('0.3', 0.1 + 0.2)).toBe('0.00')
        expect(difference('20', 20)).toBe('0.00')
    })
})

describe('voucher export', () => {
    it('writes one code a line with the batch, value and expiry', async () => {
        const { voucherCsv } = await import('./paymentDesk')
        const csv = voucherCsv(
            { batchId: 7, name: '冬季', value: 50, expiresOn: '2027-01-31', codes: 2, redeemed: 0, createdBy: 'x', createdAt: '' },
            ['AAAA-BBBB-CCCC-DDDD', 'EEEE-FFFF-GGGG-HHHH'],
        )
        expect(csv).toBe('batch,code,value,expires_on\r\n7,AAAA-BBBB-CCCC-DDDD,50.00,2027-01-31\r\n7,EEEE-FFFF-GGGG-HHHH,50.00,2027-01-31\r\n')
    })
})
