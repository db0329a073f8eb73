/**
 * The one way the portal and the console talk to the GridHall REST API.
 *
 * - Sends the session cookie (same origin) and the CSRF token: the server keeps the token in the
 *   session and hands it out at `GET /api/v1/auth/csrf`; it is fetched before the first change and
 *   sent back in `X-XSRF-TOKEN` on every change. The token of another session is refused (403
 *   `csrf-invalid`); when the session changed under the client (sign-in, sign-out, expiry) the token
 *   is fetched again and the change sent once more.
 * - Sends `Accept-Language` in the UI's language so problems come back in that language.
 * - Turns RFC 9457 problems into {@link ApiError}, whose field errors a form can show in place.
 */

export interface FieldError {
    field: string
    message: string
}

export interface ProblemBody {
    type?: string
    title?: string
    status?: number
    detail?: string
    code?: string
    errors?: FieldError[]
    retryAfterSeconds?: number
    [key: string]: unknown
}

export class ApiError extends Error {
    readonly status: number
    readonly title: string
    readonly detail: string
    readonly code: string
    readonly errors: FieldError[]
    /** From the problem's `retryAfterSeconds` or the `Retry-After` header (429). */
    readonly retryAfterSeconds: number | undefined
    readonly problem: ProblemBody

    constructor(status: number, problem: ProblemBody, retryAfterHeader?: string | null) {
        super(problem.detail || problem.title || `HTTP ${status}`)
        this.name = 'ApiError'
        this.status = status
        this.problem = problem
        this.title = problem.title ?? ''
        this.detail = problem.detail ?? ''
        this.code = problem.code ?? (status === 0 ? 'network' : '')
        this.errors = Array.isArray(problem.errors)
            ? problem.errors.filter((e) => e && typeof e.field === 'string').map((e) => ({
                  field: e.field,
                  message: String(e.message ?? ''),
              }))
            : []
        const fromHeader = retryAfterHeader != null && /^\d+$/.test(retryAfterHeader.trim())
            ? Number(retryAfterHeader.trim())
            : undefined
        this.retryAfterSeconds = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : fromHeader
    }

    /** Field name -> first message, for a form to show beside each input. */
    fieldErrors(): Record<string, string> {
        const map: Record<string, string> = {}
        for (const e of this.errors) {
            if (!(e.field in map)) map[e.field] = e.message
        }
        return map
    }
}

export const CSRF_HEADER = 'X-XSRF-TOKEN'
const CSRF_PATH = '/api/v1/auth/csrf'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
    query?: Query
    body?: unknown
    signal?: AbortSignal
    /** Sent as Idempotency-Key: money-moving requests need one, the same for every retry of one intent. */
    idempotencyKey?: string
}

export interface ApiClientOptions {
    fetch?: typeof fetch
    /** The UI language, sent as Accept-Language. */
    language?: () => string
    /** Called on 401 from anything but the auth endpoints (the session ended). */
    onUnauthorized?: (error: ApiError) => void
    /** Makes the request of {@link ApiClient.upload}; replaceable in tests. */
    xhr?: () => XMLHttpRequest
}

export interface UploadOptions {
    query?: Query
    headers?: Record<string, string>
    /** Called with the fraction of the body sent so far, 0 to 1. */
    onProgress?: (fraction: number) => void
}

export class ApiClient {
    private readonly options: ApiClientOptions
    /** The session's token, as the csrf endpoint returned it. */
    private token: string | null = null
    private csrfLoading: Promise<void> | null = null

    constructor(options: ApiClientOptions = {}) {
        this.options = options
    }

    get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
        return this.request<T>('GET', path, { query, signal })
    }

    post<T>(path: string, body?: unknown): Promise<T> {
        return this.request<T>('POST', path, { body })
    }

    /**
     * Posts a money-moving request with its Idempotency-Key. Retrying with the same key (a timeout, a double
     * click) answers the first answer again; the server refuses the key with another body.
     */
    postOnce<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
        return this.request<T>('POST', path, { body, idempotencyKey })
    }

    put<T>(path: string, body?: unknown): Promise<T> {
        return this.request<T>('PUT', path, { body })
    }

    patch<T>(path: string, body?: unknown): Promise<T> {
        return this.request<T>('PATCH', path, { body })
    }

    delete<T>(path: string): Promise<T> {
        return this.request<T>('DELETE', path, {})
    }

    /**
     * Posts a multipart form (a file upload). Uses XMLHttpRequest rather than fetch because only it
     * reports upload progress; CSRF, language and problems are handled as for every other request.
     */
    async upload<T>(path: string, form: FormData, opts: UploadOptions = {}): Promise<T> {
        await this.ensureCsrf()
        let response = await this.sendForm(path, form, opts)
        if (await this.isCsrfRefusal(response)) {
            this.resetCsrf()
            await this.ensureCsrf(true)
            response = await this.sendForm(path, form, opts)
        }
        return this.read<T>(response, path)
    }

    private sendForm(path: string, form: FormData, opts: UploadOptions): Promise<Response> {
        const xhr = this.options.xhr?.() ?? new XMLHttpRequest()
        return new Promise<Response>((resolve, reject) => {
            xhr.open('POST', path + queryString(opts.query))
            xhr.withCredentials = true
            xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
            const language = this.options.language?.()
            if (language) xhr.setRequestHeader('Accept-Language', language)
            const token = this.csrfToken()
            if (token) xhr.setRequestHeader(CSRF_HEADER, token)
            for (const [name, value] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(name, value)
            if (opts.onProgress) {
                const report = opts.onProgress
                xhr.upload.onprogress = (e: ProgressEvent) => {
                    if (e.lengthComputable && e.total > 0) report(Math.min(1, e.loaded / e.total))
                }
            }
            xhr.onload = () => {
                const headers = new Headers()
                for (const name of ['Content-Type', 'Retry-After']) {
                    const value = xhr.getResponseHeader(name)
                    if (value) headers.set(name, value)
                }
                // a status without a body (204) cannot carry one in a Response
                const body = xhr.status === 204 || xhr.status === 205 ? null : xhr.responseText
                resolve(new Response(body, { status: xhr.status, headers }))
            }
            const failed = () => reject(new ApiError(0, { code: 'network', detail: 'upload failed' }))
            xhr.onerror = failed
            xhr.onabort = failed
            xhr.send(form)
        })
    }

    /** Forget the token: the server rotates it at sign-in and sign-out. */
    resetCsrf(): void {
        this.token = null
        this.csrfLoading = null
    }

    async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
        const unsafe = UNSAFE.has(method)
        if (unsafe) await this.ensureCsrf()
        let response = await this.send(method, path, opts, unsafe)
        if (unsafe && (await this.isCsrfRefusal(response))) {
            // The token went stale (the session changed): fetch the new session's token once.
            this.resetCsrf()
            await this.ensureCsrf(true)
            response = await this.send(method, path, opts, unsafe)
        }
        return this.read<T>(response, path)
    }

    /** A 403 problem with code `csrf-invalid`, or a bare 403 (no problem body); read from a clone. */
    private async isCsrfRefusal(response: Response): Promise<boolean> {
        if (response.status !== 403) return false
        const type = response.headers.get('Content-Type') ?? ''
        if (!type.includes('json')) return true
        try {
            const body = (await response.clone().json()) as ProblemBody
            return body?.code === 'csrf-invalid'
        } catch {
            return false
        }
    }

    private csrfToken(): string | null {
        return this.token
    }

    private async ensureCsrf(force = false): Promise<void> {
        if (!force && this.csrfToken()) return
        if (!this.csrfLoading) {
            this.csrfLoading = (async () => {
                const response = await this.send('GET', CSRF_PATH, {}, false)
                if (response.ok) {
                    try {
                        const body = (await response.json()) as { token?: string }
                        if (body && typeof body.token === 'string') this.token = body.token
                    } catch {
                        // no token: the change goes without one and is refused as such
                    }
                }
            })().finally(() => {
                this.csrfLoading = null
            })
        }
        await this.csrfLoading
    }

    private async send(method: string, path: string, opts: RequestOptions, unsafe: boolean): Promise<Response> {
        const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
        const language = this.options.language?.()
        if (language) headers['Accept-Language'] = language
        let body: string | undefined
        if (opts.body !== undefined) {
            headers['Content-Type'] = 'application/json'
            body = JSON.stringify(opts.body)
        }
        if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey
        if (unsafe) {
            const token = this.csrfToken()
            if (token) headers[CSRF_HEADER] = token
        }
        const url = path + queryString(opts.query)
        const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis)
        try {
            return await doFetch(url, { method, headers, body, credentials: 'same-origin', signal: opts.signal })
        } catch (e) {
            if (e instanceof DOMException && e.name === 'AbortError') throw e
            throw new ApiError(0, { code: 'network', detail: e instanceof Error ? e.message : String(e) })
        }
    }

    private async read<T>(response: Response, path: string): Promise<T> {
        const text = await response.text()
        let json: unknown = undefined
        if (text) {
            try {
                json = JSON.parse(text)
            } catch {
                json = undefined
            }
        }
        if (response.ok) return (json === undefined ? (text || undefined) : json) as T
        const problem: ProblemBody = json && typeof json === 'object' ? (json as ProblemBody) : {}
        const error = new ApiError(response.status, problem, response.headers.get('Retry-After'))
        if (response.status === 401 && !path.startsWith('/api/v1/auth/')) this.options.onUnauthorized?.(error)
        throw error
    }
}

export function queryString(query?: Query): string {
    if (!query) return ''
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
        if (value === undefined || value === null || value === '') continue
        params.append(key, String(value))
    }
    const s = params.toString()
    return s ? `?${s}` : ''
}
