import { describe, expect, it } from 'vitest'
import { validMinutes } from './countdown'

describe('validMinutes', () => {
    it('says how long a code stays valid in whole minutes, as people say it', () => {
        expect(validMinutes(600)).toBe(10)
        expect(validMinutes(300)).toBe(5)
        expect(validMinutes(90)).toBe(2)
        expect(validMinutes(20)).toBe(1)
        expect(validMinutes(0)).toBe(1)
    })

    it('assumes the sign-in code’s five minutes when the server does not say', () => {
        expect(validMinutes(undefined)).toBe(5)
        expect(validMinutes(null)).toBe(5)
    })
})
