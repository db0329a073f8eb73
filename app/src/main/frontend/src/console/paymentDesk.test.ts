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
