import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLanguage } from '@/i18n'
import type { AccountStatement, LedgerLine } from '@/api'

const get = vi.fn()
vi.mock('@/api', async (original) => ({ ...(await original<typeof import('@/api')>()), api: { get: (...a: unknown[]) => get(...a) } }))
vi.setConfig({ testTimeout: 60_000 })

const line = (postingId: number, kind: string, channel: LedgerLine['channel'], amount: number): LedgerLine => ({
    postingId, version: postingId, kind, channel, postedAt: '2026-12-06T02:00:00Z', book: 'RECEIVABLE',
    reference: `R${postingId}`, amount, balanceAfter: 0,
} as LedgerLine)
const STATEMENT = {
    accountId: 7, accountNumber: '3301000123', accountName: '张*',
    balance: { accountId: 7, receivable: 0, prepaid: 0, net: 0, version: 4 },
    openItems: [],
    lines: [line(4, 'REVERSAL', 'CASH', 60), line(3, 'PAYMENT', 'CASH', -60), { ...line(2, 'TOP_UP', 'GATEWAY', -20), gateway: 'UNIONPAY' }, line(1, 'BILL', undefined, 60)],
} as unknown as AccountStatement

async function page() {
    get.mockImplementation((path: string) => Promise.resolve(path.endsWith('/statement') ? STATEMENT : []))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
    await router.push('/accounts/7/payments')
    const { default: Payments } = await import('./Payments.vue')
    const w = mount(Payments, { props: { id: '7' }, global: { plugins: [i18n, router] } })
    await flushPromises()
    return w
}

describe('payment records page', () => {
    afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))

    afterEach(() => {
        get.mockReset()
        setLanguage('zh-CN')
    })

    it('links the receipt PDF of each payment and top-up, and of nothing else (PAY-11)', async () => {
        setLanguage('zh-CN')
        const w = await page()
        const payment = w.get('[data-test=payment-record-receipt-3]')
        expect(payment.attributes('href')).toBe('/api/v1/payment/accounts/7/postings/3/receipt.pdf')
        expect(payment.text()).toBe('电子凭证')
        expect(w.get('[data-test=payment-record-receipt-2]').attributes('href')).toBe('/api/v1/payment/accounts/7/postings/2/receipt.pdf')
        expect(w.find('[data-test=payment-record-receipt-4]').exists()).toBe(false)
    })

    it('says it in English', async () => {
        setLanguage('en')
        const w = await page()
        expect(w.get('[data-test=payment-record-receipt-3]').text()).toBe('Receipt (PDF)')
        expect(w.get('[data-test=payment-record-2]').text()).toContain('UnionPay')
    })

    it('names the gateway an online payment came through, the counter as the channel', async () => {
        setLanguage('zh-CN')
        const w = await page()
        expect(w.get('[data-test=payment-record-2]').text()).toContain('预存 · 银联全民付')
        expect(w.get('[data-test=payment-record-3]').text()).toContain('营业厅现金')
    })
})
