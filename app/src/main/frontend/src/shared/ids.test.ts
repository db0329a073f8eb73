import { describe, expect, it } from 'vitest'
import { idOf } from './ids'

describe('idOf', () => {
    it('gives an id the API sends as a bare number as text', () => {
        expect(idOf(7)).toBe('7')
        expect(idOf('11')).toBe('11')
    })

    it('has no id for what is absent', () => {
        expect(idOf(null)).toBeUndefined()
        expect(idOf(undefined)).toBeUndefined()
        expect(idOf('')).toBeUndefined()
    })
})
