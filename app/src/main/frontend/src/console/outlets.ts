/** The outlet form's checks, the same as the server's (OpeningHours, Position); the server decides again. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

const INTERVAL = /^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$/
const DEGREES = /^-?[0-9]{1,3}(\.[0-9]{1,8})?$/

/** Whether a day's text is closed ('') or ascending, non-overlapping intervals such as 08:30-12:00,13:30-17:30. */
export function validDay(text: string): boolean {
    const s = text.trim()
    if (!s) return true
    let lastEnd = -1
    for (const part of s.split(',')) {
        const m = INTERVAL.exec(part.trim())
        if (!m) return false
        const from = Number(m[1]) * 60 + Number(m[2])
        const to = Number(m[3]) * 60 + Number(m[4])
        if (to > 24 * 60 || to <= from || from < lastEnd) return false
        lastEnd = to
    }
    return true
}

export interface OutletForm {
    branchId: string
    kind: string
    name: string
    address: string
    phone: string
    lat: string
    lon: string
    hours: string[]
    active: boolean
}

export function outletFormErrors(f: OutletForm): string[] {
    const errors: string[] = []
    if (!f.branchId) errors.push('branch')
    if (!f.name.trim()) errors.push('name')
    if (!f.address.trim()) errors.push('address')
    if (f.phone.trim() && !/^[0-9][0-9-]{4,19}$/.test(f.phone.trim())) errors.push('phone')
    const lat = f.lat.trim()
    const lon = f.lon.trim()
    if (!DEGREES.test(lat) || Math.abs(Number(lat)) > 90 || !DEGREES.test(lon) || Math.abs(Number(lon)) > 180) errors.push('position')
    if (f.hours.length !== 7 || !f.hours.every(validDay)) errors.push('hours')
    return errors
}

export function outletBody(f: OutletForm) {
    return {
        branchId: Number(f.branchId),
        kind: f.kind,
        name: f.name.trim(),
        address: f.address.trim(),
        phone: f.phone.trim(),
        lat: f.lat.trim(),
        lon: f.lon.trim(),
        hours: f.hours.map((h) => h.replace(/\s+/g, '')),
        active: f.active,
    }
}
