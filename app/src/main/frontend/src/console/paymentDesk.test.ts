import { describe, expect, it } from 'vitest'
import { approvalProblem, bankName, countable, difference, previousMonth } from './paymentDesk'
import { isMeaningfulReason } from '@/shared/reasons'

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

describe('withholding', () => {
    const banks = [
        { code: '102', nameZh: '中国工商银行', nameEn: 'Industrial and Commercial Bank of China' },
        { code: '105', nameZh: '中国建设银行', nameEn: 'China Construction Bank' },
    ]

    it('names a bank in the UI language, or shows its code when unknown', () => {
        expect(bankName(banks, '102', false)).toBe('中国工商银行')
        expect(bankName(banks, '105', true)).toBe('China Construction Bank')
        expect(bankName(banks, '999', true)).toBe('999')
    })

    it('collects the month before today by default, across a year end', () => {
        expect(previousMonth(new Date(2026, 11, 6))).toBe('2026-11')
        expect(previousMonth(new Date(2027, 0, 31))).toBe('2026-12')
    })
})

describe('refund approval amounts', () => {
    const check = (asked: number, amount: string, note = '') => approvalProblem(asked, amount, note, isMeaningfulReason)

    it('approve what was asked without a note', () => {
        expect(check(100, '100.00')).toBeNull()
        expect(check(100, ' 100 ')).toBeNull()
        expect(check(0.3, '0.30')).toBeNull()
    })

    it('lower the amount only with a note saying why', () => {
        expect(check(100, '99.99')).toBe('noteRequired')
        expect(check(100, '99.99', '客户同意只退部分')).toBeNull()
        expect(check(0.3, '0.1', '客户同意只退部分')).toBeNull()
    })

    it('never above what was asked, compared through fen', () => {
        expect(check(100, '100.01', '客户同意只退部分')).toBe('aboveAsked')
        expect(check(0.1 + 0.2, '0.30')).toBeNull()
        expect(check(0.3, '0.31', '客户同意只退部分')).toBe('aboveAsked')
    })

    it('refuse what the server refuses: nothing, negative, three decimals, text', () => {
        for (const bad of ['', '0', '0.00', '-1', '1.005', 'abc', '1e3', '12345678901'])
            expect(check(100, bad, '客户同意只退部分')).toBe('amountInvalid')
    })
})
