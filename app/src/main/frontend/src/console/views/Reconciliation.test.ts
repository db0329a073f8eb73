import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { session } from '@/shared/session'
import type { BillLine, Discrepancy, ReconciliationRun } from '../reconciliation'

const get = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: vi.fn() },
}))
vi.setConfig({ testTimeout: 60_000 })

const RUN: ReconciliationRun = {
    runId: 5, gateway: 'WECHAT', day: '2026-12-05', state: 'DONE', attempts: 1, lastError: null,
    completedAt: '2026-12-06T01:00:00Z', nextAttemptAt: null, matched: 1200, gatewayLines: 2201, gatewaySum: 9000,
    ourCount: 1200, ourSum: 8000, ledgerSum: 8000, sumsAgree: false, open: 1000, resolved: 0, ofBranches: false,
}
const ROW: Discrepancy = {
    discrepancyId: 77, runId: 5, gateway: 'WECHAT', day: '2026-12-05', kind: 'MISSING_AT_US', transactionId: '4200000077',
    orderNumber: 'GH1', ourOrderNumber: null, gatewayAmount: 1, ourAmount: null, ledgerAmount: null, completedAt: null,
    refundNumber: null, open: true, resolution: null, note: null, resolvedBy: null, resolvedAt: null, postingId: null,
}

const LINE: BillLine = {
    runId: 5, lineNo: 3, transactionId: '4200000033', orderNumber: 'GH3', refundNumber: null, amount: 12.5,
    completedAt: '2026-12-05T01:00:00Z', matched: true,
}

async function page(permissions: string[], truncated: boolean, run: ReconciliationRun = RUN) {
    session.me = { userId: '1', kind: 'STAFF', displayName: '测试', roles: [], branches: ['11'], permissions }
    get.mockImplementation((url: string) =>
        Promise.resolve(url.endsWith('/runs') ? [run] : url.endsWith('/lines') ? { items: [LINE], truncated } : { items: [ROW], truncated }))
    const { default: Reconciliation } = await import('./Reconciliation.vue')
    const w = mount(Reconciliation, { attachTo: document.body, global: { plugins: [i18n, ElementPlus] } })
    await flushPromises()
    await w.get('[data-test=reconcile-runs] tbody tr').trigger('click')
    await flushPromises()
    return w
}

describe('reconciliation page', () => {
    afterEach(() => {
        get.mockReset()
        session.me = null
        document.body.innerHTML = ''
    })

    it('says when a run\'s list was cut and that a branch manager sees the discrepancies of their branches', async () => {
        setLanguage('zh-CN')
        const w = await page(['PAYMENT_APPROVE'], true)
        expect(get).toHaveBeenCalledWith('/api/v1/payment/reconciliation/runs/5/discrepancies')
        expect(w.get('[data-test=reconcile-discrepancies]').text()).toContain('4200000077')
        expect(w.get('[data-test=reconcile-truncated]').text()).toContain('只显示了前 1 条差异')
        expect(w.get('[data-test=reconcile-scoped]').text()).toContain('所辖供电所')
    })

    it('labels a branch manager\'s counts and sums as those of their branches and lists the bill lines they see', async () => {
        setLanguage('zh-CN')
        const w = await page(['PAYMENT_APPROVE'], true, { ...RUN, ofBranches: true, gatewayLines: 2, matched: 1, gatewaySum: 30 })
        expect(get).toHaveBeenCalledWith('/api/v1/payment/reconciliation/runs/5/lines')
        const runs = w.get('[data-test=reconcile-runs]').text()
        expect(runs).toContain('渠道金额（所辖）')
        expect(runs).toContain('1 / 2')
        // before, the page said the bill's lines and sums were the whole bill's
        expect(w.get('[data-test=reconcile-scoped]').text()).not.toContain('整份账单')
        expect(w.get('[data-test=reconcile-lines]').text()).toContain('4200000033')
        expect(w.get('[data-test=reconcile-lines]').text()).toContain('12.50')
        expect(w.get('[data-test=reconcile-lines-truncated]').text()).toContain('只显示了前 1 笔账单明细')
        expect(w.text()).toContain('账单明细（所辖供电所）')
    })

    it('says a day reconciled before figures were kept by branch is to be reconciled again', async () => {
        setLanguage('en')
        const w = await page(['PAYMENT_APPROVE'], false, { ...RUN, ofBranches: true, gatewayLines: null, matched: null, gatewaySum: null, ourCount: null, ourSum: null, ledgerSum: null })
        expect(w.find('[data-test=reconcile-not-placed]').exists()).toBe(true)
        expect(w.get('[data-test=reconcile-runs]').text()).toContain('Gateway sum (your branches)')
    })

    it('says nothing of either for staff of all branches with a whole list', async () => {
        setLanguage('en')
        const w = await page(['PAYMENT_APPROVE', 'ALL_BRANCHES'], false)
        expect(w.get('[data-test=reconcile-discrepancies]').text()).toContain('4200000077')
        expect(w.find('[data-test=reconcile-truncated]').exists()).toBe(false)
        expect(w.find('[data-test=reconcile-scoped]').exists()).toBe(false)
        expect(w.get('[data-test=reconcile-runs]').text()).not.toContain('your branches')
        expect(w.get('[data-test=reconcile-lines]').text()).toContain('4200000033')
        expect(w.find('[data-test=reconcile-lines-truncated]').exists()).toBe(false)
    })
})
