import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, queryString } from './client'

interface Call {
    url: string
    method: string
    headers: Record<string, string>
    body?: string
}

/** A fake server: records calls and answers from a list of handlers. */
function fakeServer(answer: (call: Call, index: number) => Response) {
    const calls: Call[] = []
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
        const call: Call = {
            url: String(url),
            method: init?.method ?? 'GET',
            headers: (init?.headers ?? {}) as Record<string, string>,
            body: init?.body as string | undefined,
        }
        calls.push(call)
        return answer(call, calls.length - 1)
    })
    return { calls, fetch: fetch as unknown as typeof globalThis.fetch }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    const type = status >= 400 ? 'application/problem+json' : 'application/json'
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } })
}

describe('CSRF', () => {
    function token(value: string): Response {
        return json(200, { token: value, headerName: 'X-XSRF-TOKEN', parameterName: '_csrf' })
    }

    it('fetches the session token before the first change and sends it back in X-XSRF-TOKEN', async () => {
        const server = fakeServer((call) => (call.url === '/api/v1/auth/csrf' ? token('tok-1') : json(202, { expiresInSeconds: 300 })))
        const client = new ApiClient({ fetch: server.fetch })

        const sent = await client.post<{ expiresInSeconds: number }>('/api/v1/auth/customer/otp', { phone: '13800000000' })

        expect(sent.expiresInSeconds).toBe(300)
        expect(server.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
            'GET /api/v1/auth/csrf',
            'POST /api/v1/auth/customer/otp',
        ])
        expect(server.calls[1].headers['X-XSRF-TOKEN']).toBe('tok-1')
        expect(JSON.parse(server.calls[1].body!)).toEqual({ phone: '13800000000' })
    })

    it('asks for the token once, and sends none on GET', async () => {
        const server = fakeServer((call) => (call.url === '/api/v1/auth/csrf' ? token('tok-2') : json(200, { ok: true })))
        const client = new ApiClient({ fetch: server.fetch })

        await client.get('/api/v1/portal/accounts')
        await client.delete('/api/v1/portal/accounts/7')
        await client.put('/api/v1/portal/notification-preferences', { SMS: true })

        expect(server.calls.map((c) => c.url)).toEqual([
            '/api/v1/portal/accounts',
            '/api/v1/auth/csrf',
            '/api/v1/portal/accounts/7',
            '/api/v1/portal/notification-preferences',
        ])
        expect(server.calls[0].headers['X-XSRF-TOKEN']).toBeUndefined()
        expect(server.calls[2].headers['X-XSRF-TOKEN']).toBe('tok-2')
        expect(server.calls[3].headers['X-XSRF-TOKEN']).toBe('tok-2')
    })

    it('fetches the new session token once when the server refuses the change as csrf-invalid', async () => {
        let issued = 0
        const server = fakeServer((call) => {
            if (call.url === '/api/v1/auth/csrf') return token(++issued === 1 ? 'stale' : 'fresh')
            return call.headers['X-XSRF-TOKEN'] === 'fresh'
                ? json(200, { done: true })
                : json(403, { title: '请求已失效', status: 403, code: 'csrf-invalid' })
        })
        const client = new ApiClient({ fetch: server.fetch })

        const result = await client.post<{ done: boolean }>('/api/v1/customers', {})

        expect(result.done).toBe(true)
        expect(server.calls.map((c) => c.headers['X-XSRF-TOKEN'] ?? '-')).toEqual(['-', 'stale', '-', 'fresh'])
    })

    it('also refreshes after a bare 403, but gives up after one retry', async () => {
        const server = fakeServer((call) => (call.url === '/api/v1/auth/csrf' ? token('t') : new Response(null, { status: 403 })))
        const client = new ApiClient({ fetch: server.fetch })

        await expect(client.post('/api/v1/customers', {})).rejects.toMatchObject({ status: 403 })
        expect(server.calls.map((c) => c.url)).toEqual(['/api/v1/auth/csrf', '/api/v1/customers', '/api/v1/auth/csrf', '/api/v1/customers'])
    })

    it('does not retry a 403 that is a real problem (missing permission)', async () => {
        const server = fakeServer((call) =>
            call.url === '/api/v1/auth/csrf' ? token('tok') : json(403, { title: '无权操作', status: 403, code: 'permission-required' }),
        )
        const client = new ApiClient({ fetch: server.fetch })

        await expect(client.post('/api/v1/customers/1/unmask', { reason: 'x' })).rejects.toMatchObject({
            status: 403,
            code: 'permission-required',
        })
        expect(server.calls.filter((c) => c.url !== '/api/v1/auth/csrf')).toHaveLength(1)
    })

    it('forgets the token when told the session changed', async () => {
        let issued = 0
        const server = fakeServer((call) => (call.url === '/api/v1/auth/csrf' ? token(`t${++issued}`) : json(200, {})))
        const client = new ApiClient({ fetch: server.fetch })

        await client.post('/api/v1/auth/customer/sign-in', {})
        client.resetCsrf()
        await client.post('/api/v1/portal/accounts', {})

        expect(server.calls.filter((c) => c.method === 'POST').map((c) => c.headers['X-XSRF-TOKEN'])).toEqual(['t1', 't2'])
    })

    it('shares one csrf request between concurrent changes', async () => {
        const server = fakeServer((call) => (call.url === '/api/v1/auth/csrf' ? token('t') : json(200, {})))
        const client = new ApiClient({ fetch: server.fetch })

        await Promise.all([client.post('/a'), client.post('/b'), client.post('/c')])

        expect(server.calls.filter((c) => c.url === '/api/v1/auth/csrf')).toHaveLength(1)
    })
})

describe('problems', () => {
    it('turns an RFC 9457 problem into an ApiError with field errors', async () => {
        const server = fakeServer(() =>
            json(400, {
                type: 'https://gridhall.io/problems/invalid-input',
                title: '输入有误',
                detail: '请检查标出的字段后重试。',
                status: 400,
                code: 'invalid-input',
                errors: [
                    { field: 'name', message: '不能为空' },
                    { field: 'phone', message: '手机号码格式不正确' },
                    { field: 'name', message: 'second message for the same field is dropped' },
                ],
            }),
        )
        const client = new ApiClient({ fetch: server.fetch })

        const error = await client.post('/api/v1/customers', { name: '' }).catch((e: ApiError) => e) as ApiError

        expect(error).toBeInstanceOf(ApiError)
        expect(error.status).toBe(400)
        expect(error.title).toBe('输入有误')
        expect(error.detail).toBe('请检查标出的字段后重试。')
        expect(error.fieldErrors()).toEqual({ name: '不能为空', phone: '手机号码格式不正确' })
    })

    it('reads retry-after from the problem or else from the header on 429', async () => {
        const fromBody = fakeServer(() => json(429, { title: '请求过于频繁', retryAfterSeconds: 42 }, { 'Retry-After': '7' }))
        const fromHeader = fakeServer(() => json(429, { title: '请求过于频繁' }, { 'Retry-After': '7' }))

        const a = await new ApiClient({ fetch: fromBody.fetch }).post('/x').catch((e: ApiError) => e) as ApiError
        const b = await new ApiClient({ fetch: fromHeader.fetch }).post('/x').catch((e: ApiError) => e) as ApiError

        expect(a.retryAfterSeconds).toBe(42)
        expect(b.retryAfterSeconds).toBe(7)
    })

    it('copes with an error that has no body at all', async () => {
        const server = fakeServer(() => new Response(null, { status: 401 }))
        const unauthorized = vi.fn()
        const client = new ApiClient({ fetch: server.fetch, onUnauthorized: unauthorized })

        const error = await client.get('/api/v1/portal/accounts').catch((e: ApiError) => e) as ApiError

        expect(error).toMatchObject({ status: 401, title: '', errors: [] })
        expect(unauthorized).toHaveBeenCalledTimes(1)
    })

    it('does not report the auth endpoints own 401 as an ended session', async () => {
        const server = fakeServer(() => new Response(null, { status: 401 }))
        const unauthorized = vi.fn()
        const client = new ApiClient({ fetch: server.fetch, onUnauthorized: unauthorized })

        await client.get('/api/v1/auth/me').catch(() => undefined)

        expect(unauthorized).not.toHaveBeenCalled()
    })

    it('reports a network failure as status 0', async () => {
        const fetch = vi.fn(async () => {
            throw new TypeError('Failed to fetch')
        }) as unknown as typeof globalThis.fetch
        const error = await new ApiClient({ fetch }).get('/api/v1/auth/me').catch((e: ApiError) => e) as ApiError

        expect(error).toMatchObject({ status: 0, code: 'network' })
    })

    it('ignores malformed field errors instead of failing', () => {
        const error = new ApiError(400, { errors: [null, { message: 'no field' }, { field: 'ok', message: 1 }] as never })
        expect(error.fieldErrors()).toEqual({ ok: '1' })
    })
})

describe('request details', () => {
    it('sends the UI language as Accept-Language', async () => {
        const server = fakeServer(() => json(200, []))
        let language = 'zh-CN'
        const client = new ApiClient({ fetch: server.fetch, language: () => language })

        await client.get('/api/v1/portal/messages')
        language = 'en'
        await client.get('/api/v1/portal/messages')

        expect(server.calls.map((c) => c.headers['Accept-Language'])).toEqual(['zh-CN', 'en'])
    })

    it('builds query strings without empty parameters', () => {
        expect(queryString({ q: '张 三', page: 0, size: 20, branch: '', x: undefined })).toBe('?q=%E5%BC%A0+%E4%B8%89&page=0&size=20')
        expect(queryString({})).toBe('')
    })
})

describe('Idempotency-Key', () => {
    it('sends the key of a money-moving request, the same one when the CSRF token is refreshed', async () => {
        let refused = false
        const server = fakeServer((call) => {
            if (call.url === '/api/v1/auth/csrf') return json(200, { token: 't' })
            if (!refused) {
                refused = true
                return json(403, { code: 'csrf-invalid' })
            }
            return json(201, { receiptNumber: '2026120600000001' })
        })
        const client = new ApiClient({ fetch: server.fetch })

        const receipt = await client.postOnce<{ receiptNumber: string }>('/api/v1/payment/counter-payments', { channel: 'CASH' }, 'key-1')

        expect(receipt.receiptNumber).toBe('2026120600000001')
        const posts = server.calls.filter((c) => c.method === 'POST')
        expect(posts).toHaveLength(2)
        expect(posts.map((c) => c.headers['Idempotency-Key'])).toEqual(['key-1', 'key-1'])
    })

    it('sends no key on other requests', async () => {
        const server = fakeServer((call) => (call.url === '/api/v1/auth/csrf' ? json(200, { token: 't' }) : json(200, {})))
        const client = new ApiClient({ fetch: server.fetch })
        await client.post('/api/v1/anything', {})
        expect(server.calls.every((c) => c.headers['Idempotency-Key'] === undefined)).toBe(true)
    })
})
