import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api'
import { setLanguage } from '@/i18n'
import { canApprove, notAnObject, pendingDraft, problemLines, readJsonObject, statusType, useDraftSubmit, type SignedVersion } from './makerChecker'
import { i18n } from '@/i18n'

const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { post: (...a: unknown[]) => post(...a) },
}))

const invalid = new ApiError(400, {
    status: 400, code: 'calendar-invalid', title: '节假日安排有误',
    errors: [{ field: 'calendar.off[1]', message: 'not a date: 2027-02-30' }, { field: 'calendar.work[0]', message: 'not a weekend day' }],
})
const billed = new ApiError(400, { status: 400, code: 'calendar-days-billed', title: '已出账的日期不能更改', days: ['2026-10-01', '2026-10-02'] })

describe('the maker-checker', () => {
    afterEach(() => post.mockReset())

    it('finds the one open draft among the versions', () => {
        const v = (version: number, status: SignedVersion['status']): SignedVersion => ({ version, status })
        expect(pendingDraft([v(0, 'PACK'), v(1, 'APPROVED'), v(2, 'DRAFT')])?.version).toBe(2)
        expect(pendingDraft([v(0, 'PACK'), v(1, 'APPROVED')])).toBeUndefined()
        expect(pendingDraft([])).toBeUndefined()
    })

    it('offers the approval of an open draft to everyone but its maker (#10)', () => {
        expect(canApprove({ version: 2, status: 'DRAFT', draftedByYou: false })).toBe(true)
        expect(canApprove({ version: 2, status: 'DRAFT' })).toBe(true)
        expect(canApprove({ version: 2, status: 'DRAFT', draftedByYou: true })).toBe(false)
        expect(canApprove({ version: 1, status: 'APPROVED', draftedByYou: false })).toBe(false)
        expect(canApprove({ version: 0, status: 'PACK' })).toBe(false)
    })

    it('colours a draft as waiting and an approved version as good', () => {
        expect(statusType('DRAFT')).toBe('warning')
        expect(statusType('APPROVED')).toBe('success')
        expect(statusType('PACK')).toBe('info')
        expect(statusType('REJECTED')).toBe('info')
    })

    it('lists every field the server refused with where it is', () => {
        expect(problemLines(invalid)).toEqual(['calendar.off[1]: not a date: 2027-02-30', 'calendar.work[0]: not a weekend day'])
        expect(problemLines(invalid, (field) => field.toUpperCase())).toEqual(['CALENDAR.OFF[1]: not a date: 2027-02-30', 'CALENDAR.WORK[0]: not a weekend day'])
    })

    it('lists the days a problem names after its message', () => {
        setLanguage('zh-CN')
        expect(problemLines(billed)).toEqual(['已出账的日期不能更改', '2026-10-01', '2026-10-02'])
    })

    it('gives any other failure as one line', () => {
        setLanguage('en')
        expect(problemLines(new ApiError(409, { status: 409, code: 'tariff-draft-open', title: 'A draft is open' }))).toEqual(['A draft is open'])
        expect(problemLines(new Error('boom'))).toHaveLength(1)
    })

    it('says where a draft is not JSON in the user\'s words, never in the browser\'s (#10)', () => {
        const t = i18n.global.t as (key: string, named?: Record<string, unknown>) => string
        expect(readJsonObject('{"a": [1, 2]}')).toEqual({ value: { a: [1, 2] } })
        expect(readJsonObject('"text"')).toEqual({ error: 'not-object' })
        expect(readJsonObject('null')).toEqual({ error: 'not-object' })
        const broken = readJsonObject('{\n  "source": "x",\n  "energy": }')
        expect(broken).toMatchObject({ error: 'not-json' })
        setLanguage('zh-CN')
        expect(notAnObject({ error: 'not-json', line: 3, column: 13 }, t)).toBe('第 3 行第 13 列处有误')
        expect(notAnObject({ error: 'not-json' }, t)).toBe('无法读取')
        expect(notAnObject({ error: 'not-object' }, t)).toBe('应为 JSON 对象')
        // whatever this engine's message, what is shown is ours, in Chinese
        expect(notAnObject(broken as { error: 'not-json' }, t)).toMatch(/^(第 3 行第 \d+ 列处有误|无法读取)$/)
        setLanguage('en')
        expect(notAnObject({ error: 'not-json', line: 3, column: 13 }, t)).toBe('error at line 3, column 13')
        expect(notAnObject({ error: 'not-object' }, t)).toBe('must be a JSON object')
    })

    it('keeps the refused draft\'s errors until one is taken', async () => {
        const draft = useDraftSubmit()
        post.mockRejectedValueOnce(invalid)
        const refused = draft.submit('/api/v1/billing/holiday-calendars/2027/versions', { off: ['2027-02-30'] })
        expect(draft.saving.value).toBe(true)
        expect(await refused).toBe(false)
        expect(draft.saving.value).toBe(false)
        expect(draft.errors.value).toHaveLength(2)
        post.mockResolvedValueOnce({ version: 1, status: 'DRAFT' })
        expect(await draft.submit('/api/v1/billing/holiday-calendars/2027/versions', { off: ['2027-02-28'] })).toBe(true)
        expect(draft.errors.value).toEqual([])
        expect(post).toHaveBeenLastCalledWith('/api/v1/billing/holiday-calendars/2027/versions', { off: ['2027-02-28'] })
    })
})
