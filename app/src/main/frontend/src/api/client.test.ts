import { describe, expect, it, vi } from 'vitest'
import { ApiClient, ApiError, queryString, readCookie } from './client'

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
    it('fetches the token before the first change and sends it back in X-XSRF-TOKEN', async () => {
        let cookie: string | null = null
        const server = fakeServer((call) => {
            if (call.url === '/api/v1/auth/csrf') {
                cookie = 'tok-1'
                return new Response(null, { status: 204 })
            }
            return json(202, { expiresInSeconds: 300 })
        })
        const client = new ApiClient({ fetch: server.fetch, cookie: () => cookie })

        const sent = await client.post<{ expiresInSeconds: number }>('/api/v1/auth/customer/otp', { phone: '13800000000' })

        expect(sent.expiresInSeconds).toBe(300)
        expect(server.calls.map((c) => `${c.method} ${c.url}`)).toEqual([
            'GET /api/v1/auth/csrf',
            'POST /api/v1/auth/customer/otp',
        ])
        expect(server.calls[1].headers['X-XSRF-TOKEN']).toBe('tok-1')
        expect(JSON.parse(server.calls[1].body!)).toEqual({ phone: '13800000000' })
    })

    it('does not ask for a token when the cookie is already there, nor send one on GET', async () => {
        const server = fakeServer(() => json(200, { ok: true }))
        const client = new ApiClient({ fetch: server.fetch, cookie: () => 'tok-2' })

        await client.get('/api/v1/portal/accounts')
        await client.delete('/api/v1/portal/accounts/7')

        expect(server.calls.map((c) => c.url)).toEqual(['/api/v1/portal/accounts', '/api/v1/portal/accounts/7'])
        expect(server.calls[0].headers['X-XSRF-TOKEN']).toBeUndefined()
        expect(server.calls[1].headers['X-XSRF-TOKEN']).toBe('tok-2')
    })

    it('uses a token from the csrf body when the cookie cannot be read', async () => {
        const server = fakeServer((call) =>
            call.url === '/api/v1/auth/csrf' ? json(200, { token: 'body-tok', headerName: 'X-XSRF-TOKEN' }) : json(200, {}),
        )
        const client = new ApiClient({ fetch: server.fetch, cookie: () => null })

        await client.put('/api/v1/portal/notification-preferences', { SMS: true })

        expect(server.calls[1].headers['X-XSRF-TOKEN']).toBe('body-tok')
    })

    it('refreshes a stale token once when the server rejects the change with a bare 403', async () => {
        let cookie = 'stale'
        const server = fakeServer((call, i) => {
            if (call.url === '/api/v1/auth/csrf') {
                cookie = 'fresh'
                return new Response(null, { status: 204 })
            }
            return i === 0 ? new Response(null, { status: 403 }) : json(200, { done: true })
        })
        const client = new ApiClient({ fetch: server.fetch, cookie: () => cookie })

        const result = await client.post<{ done: boolean }>('/api/v1/customers', {})

        expect(result.done).toBe(true)
        expect(server.calls.map((c) => c.headers['X-XSRF-TOKEN'] ?? '-')).toEqual(['stale', '-', 'fresh'])
    })

    it('does not retry a 403 that is a real problem (missing permission)', async () => {
        const server = fakeServer(() => json(403, { title: '无权操作', status: 403, code: 'permission-required' }))
        const client = new ApiClient({ fetch: server.fetch, cookie: () => 'tok' })

        await expect(client.post('/api/v1/customers/1/unmask', { reason: 'x' })).rejects.toMatchObject({
            status: 403,
            code: 'permission-required',
        })
        expect(server.calls).toHaveLength(1)
    })

    it('shares one csrf request between concurrent changes', async () => {
        let cookie: string | null = null
        const server = fakeServer((call) => {
            if (call.url === '/api/v1/auth/csrf') {
                cookie = 't'
                return new Response(null, { status: 204 })
            }
            return json(200, {})
        })
        const client = new ApiClient({ fetch: server.fetch, cookie: () => cookie })

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
        const client = new ApiClient({ fetch: server.fetch, cookie: () => 't' })

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

        const a = await new ApiClient({ fetch: fromBody.fetch, cookie: () => 't' }).post('/x').catch((e: ApiError) => e) as ApiError
        const b = await new ApiClient({ fetch: fromHeader.fetch, cookie: () => 't' }).post('/x').catch((e: ApiError) => e) as ApiError

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

    it('reads one cookie among several', () => {
        expect(readCookie('XSRF-TOKEN', 'a=1; XSRF-TOKEN=ab%3Dc; b=2')).toBe('ab=c')
        expect(readCookie('XSRF-TOKEN', 'X-XSRF-TOKEN=no')).toBeNull()
    })
})
