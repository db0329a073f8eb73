import { describe, expect, it } from 'vitest'
import { editChange } from './customerEdit'

const loaded = { customerClass: 'RESIDENTIAL', kind: 'PERSON', name: '', idNumber: '', contractedKva: '0', phone: '', email: '' }
const masked = new Set(['name', 'idNumber', 'phone', 'email'] as const)

describe('a customer edit', () => {
    it('sends nothing when nothing changed, masked fields and a stored capacity of 0 included (issue 8)', () => {
        expect(editChange(loaded, { ...loaded }, masked)).toEqual({})
    })

    it('sends only the e-mail when only the e-mail was typed', () => {
        expect(editChange(loaded, { ...loaded, email: ' new@example.cn ' }, masked)).toEqual({ email: 'new@example.cn' })
    })

    it('sends a masked field only when a new value was typed into it', () => {
        expect(editChange(loaded, { ...loaded, phone: '13612345678' }, masked)).toEqual({ phone: '13612345678' })
        expect(editChange(loaded, { ...loaded, name: '   ' }, masked)).toEqual({})
    })

    it('sends a changed class and capacity, the capacity as a number', () => {
        expect(editChange(loaded, { ...loaded, customerClass: 'LARGE_INDUSTRIAL', contractedKva: '800' }, masked))
            .toEqual({ customerClass: 'LARGE_INDUSTRIAL', contractedKva: 800 })
    })

    it('sends a contracted demand and a household size as numbers (#9)', () => {
        const kept = { ...loaded, contractedDemandKw: '', householdSize: '3' }
        expect(editChange(kept, { ...kept, contractedDemandKw: '630', householdSize: '6' }, masked))
            .toEqual({ contractedDemandKw: 630, householdSize: 6 })
        expect(editChange(kept, { ...kept, householdSize: ' 3 ' }, masked)).toEqual({})
    })

    it('sends an e-mail emptied as "" once unmasked, so the server clears it', () => {
        const unmasked = { ...loaded, email: 'old@example.cn', name: '王小明' }
        expect(editChange(unmasked, { ...unmasked, email: '' }, new Set())).toEqual({ email: '' })
        expect(editChange(unmasked, { ...unmasked, name: '王小明 ' }, new Set())).toEqual({})
    })
})
