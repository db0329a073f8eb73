/**
 * The outlet finder (PAY-6) as the portal and the console show it: our own GeoJSON for the Leaflet map (no tile
 * server), navigation links by coordinates, distances and the hours of today. The server measures distances and
 * says whether an outlet is open now; these helpers only present what it answers.
 */
import type { Feature, FeatureCollection, Point } from 'geojson'

export type OutletKind = 'BUSINESS_HALL' | 'BANK_BRANCH' | 'AGENT' | 'SELF_SERVICE'
export const OUTLET_KINDS: OutletKind[] = ['BUSINESS_HALL', 'BANK_BRANCH', 'AGENT', 'SELF_SERVICE']

export interface OutletOut {
    id: number
    branchId: number
    kind: OutletKind
    name: string
    address: string
    phone?: string | null
    lat: number | string
    lon: number | string
    /** Monday first: '' closed, else intervals such as '08:30-12:00,13:30-17:30'. */
    hours: string[]
    openNow: boolean
    active: boolean
    version: number
    metres?: number | null
}

export interface NearestOut {
    from: 'MY_POSITION' | 'ACCOUNT_AREA'
    lat: number | string | null
    lon: number | string | null
    outlets: OutletOut[]
}

/** A marker colour per kind: the hall in State Grid green, banks blue, agents amber, terminals violet. */
export function outletColour(kind: unknown): string {
    switch (kind) {
        case 'BUSINESS_HALL':
            return '#00796b'
        case 'BANK_BRANCH':
            return '#1d4ed8'
        case 'AGENT':
            return '#d97706'
        default:
            return '#7c3aed'
    }
}

/** The outlets (and where the customer stands, if known) as GeoJSON points, [lon, lat] as RFC 7946 orders them. */
export function outletsGeoJson(outlets: OutletOut[], here?: { lat: number | string; lon: number | string } | null): FeatureCollection<Point> {
    const features: Feature<Point>[] = outlets.map((o) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [Number(o.lon), Number(o.lat)] },
        properties: { type: 'outlet', id: o.id, kind: o.kind, name: o.name, openNow: o.openNow, colour: outletColour(o.kind) },
    }))
    if (here && here.lat !== null && here.lon !== null && here.lat !== undefined && here.lon !== undefined)
        features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [Number(here.lon), Number(here.lat)] }, properties: { type: 'here' } })
    return { type: 'FeatureCollection', features }
}

/** "850 m" below a kilometre, "1.2 km" to 10 km, "23 km" beyond. */
export function distanceText(metres: number | null | undefined): string {
    if (metres === null || metres === undefined || !Number.isFinite(metres)) return ''
    if (metres < 1000) return `${Math.round(metres)} m`
    if (metres < 10_000) return `${(Math.round(metres / 100) / 10).toFixed(1)} km`
    return `${Math.round(metres / 1000)} km`
}

/** Today's hours (Monday = hours[0]); '' when closed all day. */
export function hoursToday(hours: string[], now: Date = new Date()): string {
    const index = (now.getDay() + 6) % 7
    return hours[index] ?? ''
}

/** Links that start navigation to the outlet: the system's map app (geo: URI, RFC 5870), AMap and Baidu Maps. */
export function navigationLinks(o: Pick<OutletOut, 'lat' | 'lon' | 'name'>): { geo: string; amap: string; baidu: string } {
    const lat = String(o.lat)
    const lon = String(o.lon)
    const name = encodeURIComponent(o.name)
    return {
        geo: `geo:${lat},${lon}?q=${lat},${lon}(${name})`,
        // our coordinates are WGS-84: both services are told so and convert to their own
        amap: `https://uri.amap.com/marker?position=${lon},${lat}&name=${name}&coordinate=wgs84&callnative=1`,
        baidu: `https://api.map.baidu.com/marker?location=${lat},${lon}&title=${name}&content=${name}&coord_type=wgs84&output=html&src=gridhall`,
    }
}

/** The position the browser reports, or null when it cannot or may not (the page then uses the account's area). */
export function currentPosition(timeoutMs = 8000): Promise<{ lat: number; lon: number } | null> {
    return new Promise((resolve) => {
        if (typeof navigator === 'undefined' || !navigator.geolocation) return resolve(null)
        navigator.geolocation.getCurrentPosition(
            (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
            () => resolve(null),
            { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60_000 },
        )
    })
}

/** Degrees as the API takes them: six decimals, as text. */
export function degrees(v: number): string {
    return v.toFixed(6)
}
