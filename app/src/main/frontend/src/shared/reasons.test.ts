import { describe, expect, it } from 'vitest'
import { isMeaningfulReason } from './reasons'

describe('a reason for a sensitive act', () => {
    it('takes a few words in Chinese or English', () => {
        expect(isMeaningfulReason('客户来电')).toBe(true)
        expect(isMeaningfulReason('  核实身份  ')).toBe(true)
        expect(isMeaningfulReason('ID check')).toBe(true)
        expect(isMeaningfulReason('ab12')).toBe(true)
    })

    it('refuses one letter and spaces, digits only, too short, too long and control characters (issue 7)', () => {
        expect(isMeaningfulReason('x    ')).toBe(false)
        expect(isMeaningfulReason('a       b'.replace('b', ' '))).toBe(false)
        expect(isMeaningfulReason('1234')).toBe(false)
        expect(isMeaningfulReason('a1..')).toBe(false)
        expect(isMeaningfulReason('核实')).toBe(false)
        expect(isMeaningfulReason('')).toBe(false)
        expect(isMeaningfulReason(null)).toBe(false)
        expect(isMeaningfulReason('核'.repeat(201))).toBe(false)
        expect(isMeaningfulReason('核'.repeat(200))).toBe(true)
        expect(isMeaningfulReason('核实\u0000身份')).toBe(false)
    })
})
