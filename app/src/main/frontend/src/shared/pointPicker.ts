import L from 'leaflet'
import 'leaflet/dist/leaflet.css'

/** A Leaflet map on which a click places one point (a fault, a crew's base); the point is marked by a circle. */
export interface PointPicker {
    map: L.Map
    /** Marks a point (typed or clicked), or clears the mark. */
    mark(p: { lat: number, lon: number } | null): void
    remove(): void
}

export function pointPicker(
    el: HTMLElement,
    centre: [number, number],
    zoom: number,
    colour: string,
    onPick: (p: { lat: number, lon: number }) => void,
): PointPicker {
    const map = L.map(el, { center: centre, zoom })
    map.attributionControl.setPrefix(false)
    let marker: L.CircleMarker | null = null
    const mark = (p: { lat: number, lon: number } | null) => {
        marker?.remove()
        marker = p ? L.circleMarker([p.lat, p.lon], { radius: 9, color: colour, weight: 3 }).addTo(map) : null
    }
    map.on('click', (e: L.LeafletMouseEvent) => {
        const p = { lat: Number(e.latlng.lat.toFixed(6)), lon: Number(e.latlng.lng.toFixed(6)) }
        mark(p)
        onPick(p)
    })
    return { map, mark, remove: () => map.remove() }
}
