import { describe, expect, it } from 'vitest'
import { newIntentKey, payable, sumYuan } from './payment'

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
