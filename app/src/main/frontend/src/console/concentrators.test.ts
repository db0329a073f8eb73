import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError } from '@/api/client'
import { rowProblems } from './imports'
import {
    SECRET, ARCHIVE_COLUMNS, CONCENTRATOR_ID, METER_ADDRESS, exampleArchiveCsv, importArchive, moreUnknown, sortConcentrators, summary,
    type Concentrator,
} from './concentrators'

describe('the example archive', () => {
    it('has the header the server reads and rows it accepts', () => {
        const [header, ...lines] = exampleArchiveCsv().trim().split('\r\n')
        expect(header.split(',')).toEqual([...ARCHIVE_COLUMNS])
        expect(lines.length).toBeGreaterThan(1)
        for (const line of lines) {
            const [id, address] = line.split(',')
            expect(id).toMatch(CONCENTRATOR_ID)
            expect(address).toMatch(METER_ADDRESS)
        }
        const addresses = lines.map((l) => l.split(',')[1])
        expect(new Set(addresses).size).toBe(addresses.length)
    })
})

const c = (concentratorId: string, connected: boolean, archivedMeters: number, answeredMeters = 0): Concentrator =>
    ({ concentratorId, connected, archivedMeters, answeredMeters })

describe('the concentrator list', () => {
    it('sums meters and counts those behind offline concentrators', () => {
        expect(summary([c('A', true, 10), c('B', false, 3), c('C', false, 0)])).toEqual({
            total: 3, online: 1, archivedMeters: 13, unreachableMeters: 3,
        })
        expect(summary(null)).toEqual({ total: 0, online: 0, archivedMeters: 0, unreachableMeters: 0 })
    })

    it('puts offline concentrators with meters first, then sorts by id', () => {
        const sorted = sortConcentrators([c('B', true, 1), c('D', false, 0), c('C', false, 2), c('A', true, 5)])
        expect(sorted.map((x) => x.concentratorId)).toEqual(['C', 'A', 'B', 'D'])
    })

    it('counts the unknown addresses not listed', () => {
        expect(moreUnknown({ routed: 0, unchanged: 0, unknown: 250, unknownAddresses: Array(100).fill('x') })).toBe(150)
        expect(moreUnknown({ routed: 0, unchanged: 0, unknown: 2, unknownAddresses: ['a', 'b'] })).toBe(0)
    })
})

describe('loading the archive', () => {
    it('posts the file as multipart and lists the row errors of a rejection', async () => {
        const upload = vi.fn(async () => {
            throw new ApiError(400, { code: 'archive-rejected', title: 'rejected', errors: [{ row: 3, field: "meter_address", code: "bad-address", message: "bad" }] } as never)
        })
        const error = await importArchive(new Blob(['x']), 'a.csv', undefined, { upload } as unknown as Pick<ApiClient, 'upload'>).catch((e) => e)

        expect(upload).toHaveBeenCalledWith('/api/v1/metering/concentrator-archive', expect.any(FormData), { onProgress: undefined })
        expect(rowProblems(error)).toEqual([{ row: 3, field: 'meter_address', code: 'bad-address', message: 'bad' }])
    })
})

describe('a registration secret', () => {
    it('follows the head-end rule: 8-64 printable ASCII characters, no blank or comma (#7)', () => {
        expect(SECRET.test('s3cret-DTU!')).toBe(true)
        expect(SECRET.test('x'.repeat(64))).toBe(true)
        expect(SECRET.test('short')).toBe(false)
        expect(SECRET.test('x'.repeat(65))).toBe(false)
        expect(SECRET.test('has blank')).toBe(false)
        expect(SECRET.test('has,comma')).toBe(false)
        expect(SECRET.test('密钥密钥密钥密钥')).toBe(false)
    })
})
