import { describe, expect, it } from 'vitest'
import { newIntentKey, orderLines, owingAccounts, payable, sumYuan } from './payment'

describe('counter payment amounts', () => {
    it('accepts yuan above zero with at most two decimals, as the server does', () => {
        expect(['1', '0.01', '12.3', '12.34', ' 99 '].every(payable)).toBe(true)
        expect(['', '0', '0.00', '-1', '1.001', '1e3', '12345678901', 'abc'].some(payable)).toBe(false)
    })

    it('sums through fen, without binary fractions', () => {
        expect(sumYuan([0.1, 0.2])).toBe('0.30')
        expect(sumYuan([60, 100, 12.34])).toBe('172.34')
        expect(sumYuan([])).toBe('0.00')
    })

    it('makes a new key for every intent', () => {
        expect(newIntentKey()).not.toBe(newIntentKey())
        expect(newIntentKey()).toMatch(/^[\x21-\x7e]{1,200}$/)
    })
})

describe('one order over several accounts (PAY-8)', () => {
    const accounts = [
        { accountId: 3, receivable: 120.5 },
        { accountId: 1, receivable: 0 },
        { accountId: 2, receivable: 0.01 },
    ]

    it('ticks every account that owes, and no other', () => {
        expect(owingAccounts(accounts)).toEqual([3, 2])
        expect(owingAccounts([])).toEqual([])
    })

    it('makes one line per ticked account in the order listed, with its amount', () => {
        expect(orderLines(accounts, [2, 3], { 3: '120.50', 2: ' 0.01 ' })).toEqual([
            { accountId: 3, amount: '120.50', bills: [] },
            { accountId: 2, amount: '0.01', bills: [] },
        ])
    })

    it('refuses nothing ticked, or a ticked account without a payable amount', () => {
        expect(orderLines(accounts, [], { 3: '120.50' })).toBeNull()
        expect(orderLines(accounts, [3, 1], { 3: '120.50', 1: '' })).toBeNull()
        expect(orderLines(accounts, [3], { 3: '0' })).toBeNull()
        expect(orderLines(accounts, [3], { 3: '1.001' })).toBeNull()
    })
})
