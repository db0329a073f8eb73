import { describe, expect, it } from 'vitest'
import { supplyPath } from './supplyPath'

describe('supply path', () => {
    it('orders a list of typed nodes from the branch down to the meter', () => {
        const path = supplyPath([
            { type: 'METER', id: '5', assetNumber: '3300012345678' },
            { type: 'SUBSTATION', id: '1', name: '城东变' },
            { type: 'TRANSFORMER_AREA', id: '3', name: '幸福里1号台区', status: 'NORMAL' },
            { type: 'FEEDER', id: '2', name: '10kV城东线' },
            { type: 'METER_BOX', id: '4', code: 'MB-001' },
        ])
        expect(path.map((n) => n.type)).toEqual(['SUBSTATION', 'LINE', 'TRANSFORMER_AREA', 'METER_BOX', 'METER'])
        expect(path[3].number).toBe('MB-001')
        expect(path[4].number).toBe('3300012345678')
    })

    it('reads one field per level, and several meters', () => {
        const path = supplyPath({
            substation: { id: '1', name: 'S' },
            line: { id: '2', name: 'L' },
            transformerArea: { id: '3', name: 'T', capacityKva: 400 },
            meterBox: { id: '4', number: 'B' },
            meters: [{ id: '5', number: 'M1' }, { id: '6', number: 'M2' }],
        })
        expect(path.map((n) => `${n.type}:${n.name ?? n.number}`)).toEqual([
            'SUBSTATION:S', 'LINE:L', 'TRANSFORMER_AREA:T', 'METER_BOX:B', 'METER:M1', 'METER:M2',
        ])
        expect(path[2].capacityKva).toBe(400)
    })

    it('finds the list inside a wrapper object and tolerates nothing', () => {
        expect(supplyPath({ path: [{ type: 'LINE', name: 'x' }] })).toHaveLength(1)
        expect(supplyPath(null)).toEqual([])
        expect(supplyPath({})).toEqual([])
        expect(supplyPath([null, 1, 'x'])).toEqual([])
    })
})
