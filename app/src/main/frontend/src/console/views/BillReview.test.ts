import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import type { StaffBill } from '../billing'

const get = vi.fn()
const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: (...a: unknown[]) => post(...a) },
}))
vi.mock('../grid', () => ({ loadBranches: () => Promise.resolve([{ id: '11', name: '西湖供电所' }]) }))
vi.setConfig({ testTimeout: 60_000 })

const HELD: StaffBill = {
    id: 501, supplyAccountId: 7, accountNumber: '3301000123', branchId: 11, type: 'REGULAR',
    status: 'HELD', periodFrom: '2026-11-01', periodTo: '2026-11-30', energy: 3000, total: 1614.0,
    estimated: true, tariffId: 'T', tariffVersion: 1, auditFindings: ['USAGE_FAR_FROM_HISTORY', 'NEW_RULE'], lines: [],
}

async function page() {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
    await router.push('/billing/review')
    const { default: BillReview } = await import('./BillReview.vue')
    const w = mount(BillReview, { attachTo: document.body, global: { plugins: [i18n, router, ElementPlus] } })
    await flushPromises()
    return w
}

describe('bill review queue', () => {
    afterEach(() => {
        get.mockReset()
        post.mockReset()
        document.body.innerHTML = ''
    })

    it('lists held bills with their findings and approves one only with a meaningful reason', async () => {
        setLanguage('zh-CN')
        get.mockResolvedValue([HELD])
        post.mockResolvedValue({ bill: { ...HELD, status: 'AUDIT_PASSED' } })
        const w = await page()
        expect(get).toHaveBeenCalledWith('/api/v1/billing/review', { branchId: undefined, limit: 200 })
        const table = w.get('[data-test=review-queue]').text()
        expect(table).toContain('3301000123')
        expect(table).toContain('¥1,614.00')
        expect(table).toContain('电量与历史偏差大')
        // a finding the page has no name for is shown as its code
        expect(table).toContain('NEW_RULE')

        await w.get('[data-test=decide-APPROVE-501]').trigger('click')
        await flushPromises()
        const reason = document.querySelector<HTMLTextAreaElement>('[data-test=decision-reason] textarea, textarea[data-test=decision-reason]')!
        reason.value = 'ok'
        reason.dispatchEvent(new Event('input'))
        document.querySelector<HTMLButtonElement>('[data-test=decision-confirm]')!.click()
        await flushPromises()
        expect(post).not.toHaveBeenCalled()
        await vi.waitFor(() => expect(document.body.textContent).toContain('请写明原因'))

        reason.value = '用户新装空调，电量增长属实'
        reason.dispatchEvent(new Event('input'))
        document.querySelector<HTMLButtonElement>('[data-test=decision-confirm]')!.click()
        await flushPromises()
        expect(post).toHaveBeenCalledWith('/api/v1/billing/bills/501/decisions', { action: 'APPROVE', reason: '用户新装空调，电量增长属实' })
    })
})
