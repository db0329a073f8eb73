import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError } from '@/api/client'
import { COLUMNS, conflictsLink, daysCovered, exampleCsv, importReadings, rowProblems } from './imports'

function parse(csv: string): Record<string, string>[] {
    const [header, ...lines] = csv.trim().split('\r\n')
    const names = header.split(',')
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])))
}

describe('the example files', () => {
    it('have a header with every column the server reads, required ones included', () => {
        for (const kind of ['intervals', 'registers'] as const) {
            const header = exampleCsv(kind, '2026-04-01').split('\r\n')[0].split(',')
            expect(header).toEqual(COLUMNS[kind].map((c) => c.name))
        }
        expect(COLUMNS.intervals.filter((c) => c.required).map((c) => c.name)).toEqual(['address', 'day', 'slot', 'kwh'])
        expect(COLUMNS.registers.filter((c) => c.required).map((c) => c.name)).toEqual(['address', 'day', 'total'])
    })

    it('give interval slots of the day with at most 4 decimals', () => {
        const rows = parse(exampleCsv('intervals', '2026-04-01'))
        expect(rows.map((r) => r.slot)).toEqual(['1', '2', '3', '4'])
        expect(rows.every((r) => r.day === '2026-04-01' && /^\d+\.\d{1,4}$/.test(r.kwh))).toBe(true)
    })

    it('give registers of two days whose tariff registers add up to the total, read the morning after', () => {
        const rows = parse(exampleCsv('registers', '2026-03-01'))
        expect(rows.map((r) => r.day)).toEqual(['2026-02-28', '2026-03-01'])
        for (const r of rows) {
            const fen = (s: string) => Math.round(Number(s) * 100)
            expect(fen(r.t1) + fen(r.t2) + fen(r.t3) + fen(r.t4)).toBe(fen(r.total))
            expect(/^\d+\.\d{2}$/.test(r.total)).toBe(true)
        }
        expect(Number(rows[1].total)).toBeGreaterThan(Number(rows[0].total))
        expect(rows[1].meterTime).toBe('2026-03-02T00:05:00+08:00')
    })
})

describe('row problems', () => {
    it('come from a readings-rejected problem with row and code kept', () => {
        const error = new ApiError(400, {
            code: 'readings-rejected',
            errors: [{ row: 3, field: 'kwh', code: 'bad-number', message: '不是有效的数字：abc' }, null],
        } as never)
        expect(rowProblems(error)).toEqual([{ row: 3, field: 'kwh', code: 'bad-number', message: '不是有效的数字：abc' }])
    })

    it('are none for other problems and other errors', () => {
        expect(rowProblems(new ApiError(400, { code: 'bad-import-kind', errors: [{ field: 'kind', message: 'x' }] }))).toEqual([])
        expect(rowProblems(new Error('boom'))).toEqual([])
    })
})

describe('history helpers', () => {
    it('show the days a delivery covers', () => {
        expect(daysCovered({ firstDay: null, lastDay: null })).toBe('—')
        expect(daysCovered({ firstDay: '2026-04-01', lastDay: '2026-04-01' })).toBe('2026-04-01')
        expect(daysCovered({ firstDay: '2026-04-01', lastDay: '2026-04-03' })).toBe('2026-04-01 ~ 2026-04-03')
    })

    it('link to the open conflicts, of the day when there is one', () => {
        expect(conflictsLink({ firstDay: '2026-04-01', lastDay: '2026-04-01' })).toEqual({ path: '/metering/exceptions', query: { type: 'CONFLICT', day: '2026-04-01' } })
        expect(conflictsLink({ firstDay: '2026-04-01', lastDay: '2026-04-02' })).toEqual({ path: '/metering/exceptions', query: { type: 'CONFLICT' } })
        expect(conflictsLink(undefined).query).toEqual({ type: 'CONFLICT' })
    })
})

/** Enough of XMLHttpRequest for ApiClient.upload: records the request and answers when sent. */
class FakeXhr {
    static answer: (x: FakeXhr) => { status: number; body: string; type?: string } = () => ({ status: 200, body: '{}' })
    static made: FakeXhr[] = []
    method = ''
    url = ''
    withCredentials = false
    headers: Record<string, string> = {}
    body: unknown
    status = 0
    responseText = ''
    type = ''
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null

    constructor() {
        FakeXhr.made.push(this)
    }

    open(method: string, url: string) {
        this.method = method
        this.url = url
    }

    setRequestHeader(name: string, value: string) {
        this.headers[name] = value
    }

    getResponseHeader(name: string) {
        return name === 'Content-Type' ? this.type : null
    }

    send(body: unknown) {
        this.body = body
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 } as ProgressEvent)
        this.upload.onprogress?.({ lengthComputable: true, loaded: 200, total: 200 } as ProgressEvent)
        const a = FakeXhr.answer(this)
        this.status = a.status
        this.responseText = a.body
        this.type = a.type ?? (a.status >= 400 ? 'application/problem+json' : 'application/json')
        queueMicrotask(() => this.onload?.())
    }
}

function tokenServer(token: string) {
    return vi.fn(async () => new Response(JSON.stringify({ token }), { status: 200, headers: { 'Content-Type': 'application/json' } }))
}

function client() {
    FakeXhr.made = []
    return new ApiClient({
        language: () => 'en',
        xhr: () => new FakeXhr() as unknown as XMLHttpRequest,
        fetch: tokenServer('tok-9') as unknown as typeof fetch,
    })
}

describe('importing a file', () => {
    it('posts the file as multipart with kind, mode, CSRF token and language, and reports progress', async () => {
        FakeXhr.answer = () => ({ status: 200, body: JSON.stringify({ batchId: 'b-1', replayed: false, intervalRows: 0, registerRows: 2, conflicts: 0, rejected: [] }) })
        const progress: number[] = []
        const file = new Blob(['address,day,total\n'], { type: 'text/csv' })

        const result = await importReadings(file, '昨日.csv', 'registers', 'valid-rows', (f) => progress.push(f), client())

        expect(result.registerRows).toBe(2)
        const x = FakeXhr.made[0]
        expect(`${x.method} ${x.url}`).toBe('POST /api/v1/metering/imports?kind=registers&mode=valid-rows')
        expect(x.headers['X-XSRF-TOKEN']).toBe('tok-9')
        expect(x.headers['Accept-Language']).toBe('en')
        expect(x.withCredentials).toBe(true)
        expect((x.body as FormData).get('file')).toBeInstanceOf(Blob)
        expect(((x.body as FormData).get('file') as File).name).toBe('昨日.csv')
        expect(progress).toEqual([0.25, 1])
    })

    it('turns a rejection into an ApiError whose row problems can be listed', async () => {
        FakeXhr.answer = () => ({
            status: 400,
            body: JSON.stringify({ code: 'readings-rejected', title: 'Readings rejected', errors: [{ row: 2, field: 'total', code: 'required', message: 'Required' }] }),
        })

        const error = await importReadings(new Blob(['x']), 'a.csv', 'registers', 'all-or-nothing', undefined, client()).catch((e) => e)

        expect(error).toBeInstanceOf(ApiError)
        expect(error.status).toBe(400)
        expect(rowProblems(error)).toEqual([{ row: 2, field: 'total', code: 'required', message: 'Required' }])
    })

    it('fetches a fresh CSRF token once when the upload meets a bare 403', async () => {
        let calls = 0
        FakeXhr.answer = () => (++calls === 1 ? { status: 403, body: '', type: 'text/html' } : { status: 200, body: '{"batchId":"b-2"}' })
        const fetch = tokenServer('fresh')
        const c = new ApiClient({ xhr: () => new FakeXhr() as unknown as XMLHttpRequest, fetch: fetch as unknown as typeof globalThis.fetch })
        FakeXhr.made = []

        const result = await importReadings(new Blob(['x']), 'a.csv', 'intervals', 'all-or-nothing', undefined, c)

        expect(result.batchId).toBe('b-2')
        expect(FakeXhr.made).toHaveLength(2)
        expect(FakeXhr.made[1].headers['X-XSRF-TOKEN']).toBe('fresh')
    })

    it('is a network error when the connection fails', async () => {
        const c = new ApiClient({
            fetch: tokenServer('t') as unknown as typeof globalThis.fetch,
            xhr: () => {
                const x = new FakeXhr()
                x.send = () => queueMicrotask(() => x.onerror?.())
                return x as unknown as XMLHttpRequest
            },
        })
        const error = await importReadings(new Blob(['x']), 'a.csv', 'intervals', 'all-or-nothing', undefined, c).catch((e) => e)
        expect(error).toBeInstanceOf(ApiError)
        expect(error.status).toBe(0)
        expect(error.code).toBe('network')
    })
})
