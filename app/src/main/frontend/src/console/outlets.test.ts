import { describe, expect, it } from 'vitest'
import { outletBody, outletFormErrors, validDay } from './outlets'

const form = () => ({
    branchId: '7',
    kind: 'BUSINESS_HALL',
    name: ' 城关营业厅 ',
    address: '富春路 1 号',
    phone: '0571-61234567',
    lat: '30.2',
    lon: '120.1',
    hours: ['08:30-12:00, 13:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '', '00:00-24:00'],
    active: true,
})

describe('outlet form', () => {
    it('accepts closed days, split days and all day, as the server does', () => {
        expect(validDay('')).toBe(true)
        expect(validDay('08:30-12:00,13:30-17:30')).toBe(true)
        expect(validDay('00:00-24:00')).toBe(true)
        expect(validDay('17:30-08:30')).toBe(false)
        expect(validDay('08:00-12:00,11:00-14:00')).toBe(false)
        expect(validDay('8:30-17:00')).toBe(false)
        expect(validDay('00:00-24:30')).toBe(false)
    })

    it('names what is wrong and sends trimmed fields', () => {
        expect(outletFormErrors(form())).toEqual([])
        expect(outletFormErrors({ ...form(), name: ' ', lat: '91', phone: 'abc' })).toEqual(['name', 'phone', 'position'])
        expect(outletBody(form())).toMatchObject({ branchId: 7, name: '城关营业厅', hours: expect.arrayContaining(['08:30-12:00,13:30-17:30']) })
    })
})
