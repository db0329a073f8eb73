import { describe, expect, it } from 'vitest'
import { distanceText, hoursToday, navigationLinks, outletColour, outletsGeoJson, type OutletOut } from './outlets'

const hall: OutletOut = {
    id: 1,
    branchId: 7,
    kind: 'BUSINESS_HALL',
    name: '城关供电营业厅',
    address: '富春县城区富春路1号',
    phone: '0571-61234567',
    lat: '30.200000',
    lon: '120.100000',
    hours: ['08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '08:30-17:30', '09:00-12:00', ''],
    openNow: true,
    active: true,
    version: 0,
    metres: 850,
}

describe('outlets', () => {
    it('draws outlets as GeoJSON points in lon, lat order, with where I stand last', () => {
        const fc = outletsGeoJson([hall], { lat: 30.21, lon: 120.11 })
        expect(fc.features).toHaveLength(2)
        expect(fc.features[0].geometry.coordinates).toEqual([120.1, 30.2])
        expect(fc.features[0].properties).toMatchObject({ kind: 'BUSINESS_HALL', colour: outletColour('BUSINESS_HALL') })
        expect(fc.features[1].properties).toEqual({ type: 'here' })
        expect(outletsGeoJson([hall], null).features).toHaveLength(1)
        expect(outletsGeoJson([hall], { lat: null as unknown as number, lon: null as unknown as number }).features).toHaveLength(1)
    })

    it('writes distances in metres, then kilometres', () => {
        expect(distanceText(850)).toBe('850 m')
        expect(distanceText(999.6)).toBe('1000 m')
        expect(distanceText(1000)).toBe('1.0 km')
        expect(distanceText(1249)).toBe('1.2 km')
        expect(distanceText(23_400)).toBe('23 km')
        expect(distanceText(null)).toBe('')
    })

    it('takes Monday as the first day of the hours', () => {
        expect(hoursToday(hall.hours, new Date(2026, 11, 7, 10))).toBe('08:30-17:30') // a Monday
        expect(hoursToday(hall.hours, new Date(2026, 11, 12, 10))).toBe('09:00-12:00') // Saturday
        expect(hoursToday(hall.hours, new Date(2026, 11, 13, 10))).toBe('') // Sunday
    })

    it('links navigation by coordinates, names escaped', () => {
        const links = navigationLinks({ ...hall, name: 'A&B 厅' })
        expect(links.geo).toBe('geo:30.200000,120.100000?q=30.200000,120.100000(A%26B%20%E5%8E%85)')
        expect(links.amap).toContain('position=120.100000,30.200000')
        expect(links.amap).toContain('coordinate=wgs84')
        expect(links.baidu).toContain('location=30.200000,120.100000')
        expect(links.baidu).not.toContain('&B')
    })
})
