import { describe, expect, it } from 'vitest'
import { lostShare, suggestionActions, suggestionFeatures, type Suggestion } from './suggestions'

const base: Suggestion = {
    id: 7, nodeType: 'AREA', nodeId: 42, nodeCode: 'TA-042', nodeName: '幸福里台区', lat: 30.2, lon: 120.1,
    status: 'SUGGESTED', firstLostAt: '2026-12-06T02:00:00Z', metersWatched: 120, metersLost: 90, peakLost: 90,
    areasHit: 1, accounts: 118, backAt: null, outageId: null,
}

describe('fault suggestions', () => {
    it('offer confirm and dismiss while undecided, restore once the meters answer, nothing otherwise', () => {
        expect(suggestionActions(base)).toEqual(['confirm', 'dismiss'])
        expect(suggestionActions({ status: 'RESTORATION_SUGGESTED' })).toEqual(['restore'])
        expect(suggestionActions({ status: 'CONFIRMED' })).toEqual([])
        expect(suggestionActions({ status: 'DISMISSED' })).toEqual([])
    })

    it('round the share down and never divide by zero', () => {
        expect(lostShare({ metersLost: 599, metersWatched: 1000 })).toBe(59)
        expect(lostShare({ metersLost: 3, metersWatched: 3 })).toBe(100)
        expect(lostShare({ metersLost: 0, metersWatched: 0 })).toBe(0)
    })

    it('put suggestions with a position on the map as lon, lat points', () => {
        const map = suggestionFeatures([base, { ...base, id: 8, lat: null }], (s) => `#${s.id}`)
        expect(map.features).toHaveLength(1)
        expect(map.features[0].geometry).toEqual({ type: 'Point', coordinates: [120.1, 30.2] })
        expect(map.features[0].properties).toMatchObject({ suggestion: 7, popup: '#7', colour: '#7c3aed' })
    })
})
