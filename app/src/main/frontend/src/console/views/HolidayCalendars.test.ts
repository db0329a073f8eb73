import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { ApiError } from '@/api'
import type { CalendarYearView } from '../calendars'

const get = vi.fn()
const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: (...a: unknown[]) => post(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const YEAR: CalendarYearView = {
    year: 2027, inForce: null, versions: [
        { version: 1, status: 'DRAFT', effectiveFrom: '2027-01-01', source: '国务院办公厅关于2027年部分节假日安排的通知', published: '2026-11-12',
            off: ['2027-01-01', '2027-10-01'], work: ['2027-09-26'], draftedBy: '抄核收员', draftedAt: '2026-11-30T02:00:00Z' },
    ],
}

async function page() {
    const { default: HolidayCalendars } = await import('./HolidayCalendars.vue')
    const w = mount(HolidayCalendars, { attachTo: document.body, global: { plugins: [i18n, ElementPlus] } })
    await flushPromises()
    return w
}

describe('the holiday calendars', () => {
    afterEach(() => {
        get.mockReset()
        post.mockReset()
        document.body.innerHTML = ''
    })

    it('shows a year\'s draft in the maker-checker panel and rejects it with a reason at the year\'s address', async () => {
        setLanguage('zh-CN')
        get.mockResolvedValue([YEAR])
        post.mockResolvedValue({})
        const w = await page()
        expect(w.get('[data-test=calendars]').text()).toContain('有待审核草稿')
        await w.get('[data-test=calendars] .el-table__expand-icon').trigger('click')
        await flushPromises()
        const versions = w.get('[data-test=calendar-versions]').text()
        expect(versions).toContain('放假 2 天，调休上班 1 天')
        expect(versions).toContain('(2026-11-12)')
        expect(versions).toContain('抄核收员 起草于')
        expect(w.get('[data-test=calendar-four-eyes]').text()).toContain('另一位员工')
        await w.get('[data-test=calendar-reject]').trigger('click')
        await vi.waitFor(() => expect(document.querySelector('.el-message-box__input input')).not.toBeNull())
        const input = document.querySelector<HTMLInputElement>('.el-message-box__input input')!
        input.value = '通知文号有误，请重新录入'
        input.dispatchEvent(new Event('input'))
        await flushPromises()
        document.querySelector<HTMLButtonElement>('.el-message-box__btns .el-button--primary')!.click()
        await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/billing/holiday-calendars/2027/versions/1/approval', { decision: 'REJECT', reason: '通知文号有误，请重新录入' }))
        await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(2))
    })

    it('lists the days already billed that a refused year would change', async () => {
        setLanguage('zh-CN')
        get.mockResolvedValue([])
        post.mockRejectedValue(new ApiError(400, { status: 400, code: 'calendar-days-billed', title: '已出账的日期不能更改', days: ['2026-10-01'] }))
        const w = await page()
        await w.get('[data-test=calendar-new]').trigger('click')
        await flushPromises()
        document.querySelector<HTMLButtonElement>('[data-test=calendar-submit]')!.click()
        await vi.waitFor(() => expect(document.querySelectorAll('.el-dialog [role=alert] li')).toHaveLength(2))
        const lines = [...document.querySelectorAll('.el-dialog [role=alert] li')].map((x) => x.textContent)
        expect(lines).toEqual(['已出账的日期不能更改', '2026-10-01'])
        expect(post.mock.calls[0][0]).toMatch(/^\/api\/v1\/billing\/holiday-calendars\/\d{4}\/versions$/)
    })
})
