import { describe, expect, it } from 'vitest'
import { taxIdValid } from './invoices'

describe('taxIdValid', () => {
    it('accepts a code with its check character, in any case, trimmed', () => {
        expect(taxIdValid('91350100M000100Y43')).toBe(true)
        expect(taxIdValid(' 91350100m000100y43 ')).toBe(true)
    })
    it('refuses another check character, other lengths and letters outside the alphabet', () => {
        expect(taxIdValid('91350100M000100Y44')).toBe(false)
        expect(taxIdValid('91350100M000100Y4')).toBe(false)
        expect(taxIdValid('9135010IM000100Y43')).toBe(false)
        expect(taxIdValid('')).toBe(false)
    })
})
