import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLanguage } from '@/i18n'
import type { PortalBill } from '@/shared/bills'

// charts need a canvas jsdom does not have; the chart's data is tested in bills.test.ts
vi.mock('@/shared/charts', async () => {
    const { h } = await import('vue')
    return {
        VChart: { name: 'VChart', props: ['option'], render: () => h('div', { class: 'chart-stub' }) },
        TOU_COLOURS: ['#e5484d', '#f59e0b', '#0a6cff', '#22a06b'],
        QUALITY_COLOURS: {},
    }
})

const get = vi.fn()
vi.mock('@/api', async (original) => ({ ...(await original<typeof import('@/api')>()), api: { get: (...a: unknown[]) => get(...a) } }))

const BILL: PortalBill = {
    id: 42, supplyAccountId: 7, accountNumber: '3301000123', type: 'REBILL', status: 'ISSUED', billNumber: '2026120000000042',
    periodFrom: '2026-11-01', periodTo: '2026-11-30', issuedOn: '2026-12-10', dueOn: '2026-12-31', energyKwh: 300, total: 138.8,
    estimated: true, tariffId: 'ZJ-RES-TOU', tariffVersion: 2, corrects: '2026110000000041', correctionReason: '估算示数偏高', correctedBy: '李会计',
    lines: [
        { lineNo: 1, code: 'TOU_PEAK', quantity: 180, unit: 'KWH', price: 0.568, amount: 102.24, tariffId: 'ZJ-RES-TOU', tariffVersion: 2,
          formula: '180 kWh × 0.568000 = 102.24', sources: [{ kind: 'REGISTER', assetNumber: '3300012345678', day: '2026-11-30', register: 'T2', value: 8180.12, quality: 'ESTIMATED', multiplier: 1 }] },
        { lineNo: 2, code: 'TOU_VALLEY', quantity: 120, unit: 'KWH', price: 0.288, amount: 34.56, formula: '120 kWh × 0.288000 = 34.56', sources: [] },
        { lineNo: 3, code: 'FUND_NEW_LEVY', quantity: 300, unit: 'KWH', price: 0.006, amount: 2, formula: '300 × 0.006', sources: [] },
    ],
}

async function page() {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
    await router.push('/bills/42')
    const { default: BillDetail } = await import('./BillDetail.vue')
    const wrapper = mount(BillDetail, { props: { billId: '42' }, global: { plugins: [i18n, router] } })
    await flushPromises()
    return wrapper
}

// the first mount loads Vant and the page on a busy machine
vi.setConfig({ testTimeout: 60_000 })

describe('bill page', () => {
    // Vant's placeholders measure the safe area 100, 200 and 300 ms after mounting: let those timers run while the
    // test environment still has a window, or they throw after it is gone
    afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))

    // the bill for the bill's address, no invoices yet for the invoice panel's
    const answer = (bill: object) =>
        get.mockImplementation((url: string) => Promise.resolve(url.startsWith('/api/v1/payment/invoices') ? [] : bill))

    afterEach(() => {
        get.mockReset()
        setLanguage('zh-CN')
    })

    it('shows the amount, who asked for the correction and why, and each line with its explanation', async () => {
        setLanguage('zh-CN')
        answer(BILL)
        const w = await page()
        expect(get).toHaveBeenCalledWith('/api/v1/billing/bills/42')
        expect(w.get('[data-test=bill-total]').text()).toBe('¥138.80')
        const correction = w.get('[data-test=bill-correction]').text()
        expect(correction).toContain('2026110000000041')
        expect(correction).toContain('估算示数偏高')
        expect(correction).toContain('李会计')
        expect(w.find('[data-test=bill-estimated]').exists()).toBe(true)
        const lines = w.findAll('[data-test=bill-line]')
        expect(lines).toHaveLength(3)
        expect(lines[0].text()).toContain('高峰时段电费')
        expect(lines[0].text()).toContain('¥102.24')
        // a fund the pages do not name one by one is still called a fund
        expect(lines[2].text()).toContain('政府性基金及附加')
        expect(w.get('[data-test=bill-pdf]').attributes('href')).toBe('/api/v1/billing/bills/42/pdf')
        expect(w.find('[data-test=bill-tou]').exists()).toBe(true)
    })

    it('speaks English and shows a reversal as a credit without a due date', async () => {
        setLanguage('en')
        answer({ ...BILL, type: 'REVERSAL', total: '-138.80', energyKwh: -300, estimated: false })
        const w = await page()
        expect(w.get('[data-test=bill-total]').text()).toBe('-¥138.80')
        expect(w.get('[data-test=bill-head]').text()).toContain('Credit')
        expect(w.get('[data-test=bill-head]').text()).not.toContain('Due')
        expect(w.get('[data-test=bill-correction]').text()).toContain('This cancels bill 2026110000000041.')
        expect(w.find('[data-test=bill-estimated]').exists()).toBe(false)
    })

    it('shows a reversed bill\'s invoice cancelled by a red one, with the reason, and offers no new one', async () => {
        setLanguage('zh-CN')
        const blue = { id: 5, kind: 'BLUE', state: 'REVERSED', billId: 42, buyerType: 'PERSON', buyerName: '张*', buyerTaxId: null,
            invoiceNumber: '26331000000000000005', total: 138.8, refusal: null, originalId: null, reason: null }
        const red = { ...blue, id: 6, kind: 'RED', state: 'ISSUED', invoiceNumber: '26331000000000000006', total: -138.8, originalId: 5,
            reason: '账单冲正：2026120000000043' }
        get.mockImplementation((url: string) =>
            Promise.resolve(url.startsWith('/api/v1/payment/invoices') ? [red, blue] : { ...BILL, status: 'REVERSED' }))
        const w = await page()
        expect(w.get('[data-test=invoice-state]').text()).toContain('已红冲')
        expect(w.get('[data-test=invoice-red-state]').text()).toContain('已开具')
        expect(w.get('[data-test=invoice-red-number]').text()).toContain('26331000000000000006')
        expect(w.get('[data-test=invoice-red-reason]').text()).toContain('账单冲正：2026120000000043')
        expect(w.get('[data-test=invoice-red-pdf]').attributes('href')).toBe('/api/v1/payment/invoices/6/invoice.pdf')
        expect(w.find('[data-test=invoice-open]').exists()).toBe(false)
        expect(w.find('[data-test=bill-pay]').exists()).toBe(false)
    })

    it('says a reversed bill without an invoice gets none', async () => {
        setLanguage('en')
        answer({ ...BILL, status: 'REVERSED' })
        const w = await page()
        expect(w.get('[data-test=invoice-none]').text()).toContain('not invoiced')
        expect(w.find('[data-test=invoice-open]').exists()).toBe(false)
    })

    it('says what went wrong when the bill is not there', async () => {
        setLanguage('zh-CN')
        const { ApiError } = await import('@/api')
        get.mockRejectedValue(new ApiError(404, { title: '未找到', detail: '未找到该账单，或您无权查看。' }))
        const w = await page()
        expect(w.text()).toContain('未找到该账单')
        expect(w.find('[data-test=bill-total]').exists()).toBe(false)
    })
})
