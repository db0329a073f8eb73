import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import type { Campaign, MeterOutcome, MeterPage } from '../meterPrograms'

const get = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: vi.fn(), postOnce: vi.fn() },
}))
vi.setConfig({ testTimeout: 60_000 })

const ACTIVE: Campaign = {
    id: 'c1', tariffId: 'CN-ZJ-RES-TOU', version: 1, scheduleId: 'CN-ZJ-RES-TOU', branchId: 1, year: 2026,
    activeFrom: '2099-12-31T00:00:00', writes: 50, requestedBy: '抄核收员', requestedAt: '2026-12-01T00:00:00Z',
    state: 'ENQUEUED', meters: 45, pending: 0, waiting: 30, sent: 10, confirmed: 2, alreadyCurrent: 0, failed: 3,
}
const meter = (i: number, state: string, failure: string | null = null): MeterOutcome =>
    ({ meterId: i, asset: `A${i}`, accountId: i, state, alreadyCurrent: false, failure, lastError: null, retries: 0 })

/** The server's answers: the campaigns (counts only), a page of a campaign's meters, the rest empty. */
function answer(meters: (offset: number) => MeterPage) {
    get.mockImplementation((path: string, query?: { offset?: number }) => {
        if (path === '/api/v1/billing/meter-programs') return Promise.resolve([ACTIVE])
        if (path === '/api/v1/billing/meter-programs/c1/meters') return Promise.resolve(meters(query?.offset ?? 0))
        return Promise.resolve([])
    })
}
const calls = (path: string) => get.mock.calls.filter((c) => c[0] === path)

async function page() {
    const { default: MeterPrograms } = await import('./MeterPrograms.vue')
    const w = mount(MeterPrograms, { attachTo: document.body, global: { plugins: [i18n, ElementPlus] } })
    await flushPromises()
    return w
}

describe('the meter programs page (#10)', () => {
    afterEach(() => {
        vi.useRealTimers()
        get.mockReset()
        document.body.innerHTML = ''
    })

    it('polls only the counts while a campaign runs, and loads its meters when it is opened, failed first, a page at a time', async () => {
        setLanguage('zh-CN')
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
        answer((offset) => ({
            total: 45,
            offset,
            meters: offset === 0
                ? [meter(7, 'REFUSED', 'METER_UNKNOWN'), meter(9, 'FAILED', 'NO_REPLY'), meter(12, 'EXPIRED', 'EXPIRED'), meter(1, 'SENT')]
                : [meter(40 + offset, 'REQUESTED')],
        }))
        const w = await page()
        expect(w.get('[data-test=program-counts-c1]').text()).toContain('共 45 块')
        // two polls of the counts, and not one request for meters
        await vi.advanceTimersByTimeAsync(2000)
        await vi.advanceTimersByTimeAsync(2000)
        expect(calls('/api/v1/billing/meter-programs').length).toBeGreaterThanOrEqual(3)
        expect(calls('/api/v1/billing/meter-programs/c1/meters')).toHaveLength(0)

        // opened: the first page, failed first with their reasons
        await w.get('[data-test=meter-programs] .el-table__expand-icon').trigger('click')
        await flushPromises()
        expect(calls('/api/v1/billing/meter-programs/c1/meters')).toEqual([['/api/v1/billing/meter-programs/c1/meters', { offset: 0, limit: 20 }]])
        const rows = w.findAll('[data-test=program-meters-c1] .el-table__body tr')
        expect(rows[0].text()).toContain('A7')
        expect(rows[0].text()).toContain('未入队')
        expect(rows[0].text()).toContain('主站未采集该表或不在本单位')
        expect(rows[1].text()).toContain('无应答（电表或集中器离线）')
        expect(rows[3].text()).toContain('下发中')
        expect(w.get('[data-test=program-meters-c1]').text()).toContain('失败的 3 块排在前面')

        // the poll goes on with counts only: the open list is not loaded again
        await vi.advanceTimersByTimeAsync(2000)
        await flushPromises()
        expect(calls('/api/v1/billing/meter-programs/c1/meters')).toHaveLength(1)

        // the next page on demand
        await w.get('[data-test=program-meters-pager-c1] .btn-next').trigger('click')
        await flushPromises()
        expect(calls('/api/v1/billing/meter-programs/c1/meters').at(-1)).toEqual(['/api/v1/billing/meter-programs/c1/meters', { offset: 20, limit: 20 }])
        expect(w.get('[data-test=program-meters-c1]').text()).toContain('A60')
        w.unmount()
    })

    it('stops polling once no campaign runs', async () => {
        setLanguage('en')
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
        get.mockImplementation((path: string) =>
            Promise.resolve(path === '/api/v1/billing/meter-programs' ? [{ ...ACTIVE, waiting: 0, sent: 0, confirmed: 42 }] : []))
        const w = await page()
        await vi.advanceTimersByTimeAsync(6000)
        expect(calls('/api/v1/billing/meter-programs')).toHaveLength(1)
        expect(w.get('[data-test=program-counts-c1]').text()).toContain('45 meters')
        w.unmount()
    })
})
