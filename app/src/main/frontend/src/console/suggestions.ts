/**
 * Fault outages the meters suggest (issue 11): what the outage board shows and lets a dispatcher do with them. The
 * server decides (409 outage-suggestion-status); these helpers only offer the actions that can succeed.
 */
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson'

export type SuggestionStatus = 'SUGGESTED' | 'CONFIRMED' | 'RESTORATION_SUGGESTED' | 'DISMISSED' | 'LAPSED' | 'MERGED' | 'RESTORED'
export type SuggestionAction = 'confirm' | 'dismiss' | 'restore'

export interface Suggestion {
    id: number
    nodeType: 'SUBSTATION' | 'LINE' | 'AREA' | 'BOX'
    nodeId: number
    nodeCode: string
    nodeName: string
    lat: number | null
    lon: number | null
    status: SuggestionStatus
    firstLostAt: string
    metersWatched: number
    metersLost: number
    peakLost: number
    areasHit: number
    accounts: number
    backAt: string | null
    outageId: number | null
}

export function suggestionActions(s: Pick<Suggestion, 'status'>): SuggestionAction[] {
    if (s.status === 'SUGGESTED') return ['confirm', 'dismiss']
    if (s.status === 'RESTORATION_SUGGESTED') return ['restore']
    return []
}

/** Whole percent of the watched meters without supply, rounded down (59.9 % is not 60 %). */
export function lostShare(s: Pick<Suggestion, 'metersLost' | 'metersWatched'>): number {
    return s.metersWatched > 0 ? Math.floor((s.metersLost * 100) / s.metersWatched) : 0
}

/** Purple for a suggestion still to decide, so it stands out from the red and amber of published outages. */
export function suggestionColour(s: Pick<Suggestion, 'status'>): string {
    return s.status === 'SUGGESTED' ? '#7c3aed' : s.status === 'RESTORATION_SUGGESTED' ? '#059669' : '#dc2626'
}

/**
 * The suggestions as map points ([lon, lat], RFC 7946) with a colour and a popup; those without a position are left
 * out. {@code popup} gets the suggestion and returns safe HTML.
 */
export function suggestionFeatures(
    list: Suggestion[],
    popup: (s: Suggestion) => string,
): FeatureCollection<Geometry, Record<string, unknown>> {
    const features: Feature<Point, Record<string, unknown>>[] = list
        .filter((s) => s.lat !== null && s.lon !== null)
        .map((s) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [Number(s.lon), Number(s.lat)] },
            properties: { suggestion: s.id, colour: suggestionColour(s), popup: popup(s), name: s.nodeName },
        }))
    return { type: 'FeatureCollection', features }
}
