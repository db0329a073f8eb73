import { describe, expect, it } from 'vitest'
import { gridNode, naturalOrder, slugOf } from './grid'

describe('grid nodes', () => {
    it('read the API node view with its ref, counts and branch id', () => {
        const n = gridNode({ ref: { type: 'AREA', id: 42 }, branchId: 3, code: 'TA-042', name: '幸福里台区', status: 'NORMAL', meters: 120, accounts: 118 })
        expect(n).toMatchObject({ type: 'TRANSFORMER_AREA', slug: 'area', id: '42', branchId: '3', meters: 120, accounts: 118, leaf: false })
    })

    it('use the URL slugs the API expects for every level', () => {
        expect(['BRANCH', 'SUBSTATION', 'LINE', 'TRANSFORMER_AREA', 'AREA', 'METER_BOX', 'BOX', 'METER'].map(slugOf))
            .toEqual(['branch', 'substation', 'line', 'area', 'area', 'box', 'box', 'meter'])
    })

    it('treat meters as leaves', () => {
        expect(gridNode({ ref: { type: 'METER', id: 1 } }).leaf).toBe(true)
    })
})

describe('naturalOrder', () => {
    it('puts meter boxes in the order of the numbers in their codes (issue 8)', () => {
        const boxes = ['X12-375', 'X12-4', 'X12-3', 'X12-40'].map((code) => ({ code }))
        expect(naturalOrder(boxes).map((b) => b.code)).toEqual(['X12-3', 'X12-4', 'X12-40', 'X12-375'])
    })
})
