import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLanguage } from '@/i18n'
import { ApiError, type AccountStatement } from '@/api'

const get = vi.fn()
const postOnce = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), postOnce: (...a: unknown[]) => postOnce(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const item = (itemId: number, billId: number, open: number) => ({
    itemId, kind: 'BILL' as const, billId, billNumber: `B${billId}`, periodFrom: '2026-10-01', periodTo: '2026-10-31',
    dueOn: '2026-11-20', amount: open, open,
})
const STATEMENT: AccountStatement = {
    accountId: 7, accountNumber: '3301000123', accountName: '张*', lines: [],
    balance: { accountId: 7, receivable: 181.23, prepaid: 0, net: -181.23, version: 2 },
    openItems: [item(1, 11, 100.1), item(2, 12, 81.13)],
}

async function page(path: string, gateways: string[] = ['WECHAT', 'ALIPAY']) {
    get.mockImplementation((p: string) => Promise.resolve(p.endsWith('/gateways') ? gateways : STATEMENT))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
    await router.push(path)
    const { default: PayOrder } = await import('./PayOrder.vue')
    const w = mount(PayOrder, { props: { id: '7' }, global: { plugins: [i18n, router] } })
    await flushPromises()
    return { w, router }
}

describe('pay and top-up page', () => {
    afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))

    afterEach(() => {
        get.mockReset()
        postOnce.mockReset()
        setLanguage('zh-CN')
    })

    it('pays every open bill by default, summed exactly, and goes to the order', async () => {
        const { w, router } = await page('/accounts/7/pay')
        expect(w.get('[data-test=pay-total]').text()).toContain('¥181.23')
        postOnce.mockResolvedValue({ orderNumber: 'GH202612060000000001' })
        await w.get('[data-test=pay-submit]').trigger('click')
        await flushPromises()
        const [path, body, key] = postOnce.mock.calls[0]
        expect(path).toBe('/api/v1/payment/orders')
        expect(body).toEqual({ gateway: 'WECHAT', kind: 'PAYMENT', lines: [{ accountId: 7, amount: '181.23', bills: [11, 12] }] })
        expect(key).toMatch(/.{8,}/)
        expect(router.currentRoute.value.fullPath).toBe('/orders/GH202612060000000001')
    })

    it('pays only the bill it was sent for', async () => {
        const { w } = await page('/accounts/7/pay?bill=12')
        expect(w.get('[data-test=pay-total]').text()).toContain('¥81.13')
    })

    it('tops up only a payable amount, and retries a failed order under the same key', async () => {
        const { w } = await page('/accounts/7/pay?mode=topup')
        const submit = () => w.get('[data-test=pay-submit]')
        expect(submit().attributes('disabled')).toBeDefined()
        await w.get('[data-test=pay-amount] input').setValue('12.345')
        expect(submit().attributes('disabled')).toBeDefined()
        await w.get('[data-test=pay-amount] input').setValue('50')
        expect(submit().attributes('disabled')).toBeUndefined()
        postOnce.mockRejectedValueOnce(new ApiError(502, { code: 'gateway-refused', title: '支付渠道拒绝了订单' }))
        await submit().trigger('click')
        await flushPromises()
        expect(w.text()).toContain('支付渠道拒绝了订单')
        postOnce.mockResolvedValueOnce({ orderNumber: 'GH202612060000000002' })
        await submit().trigger('click')
        await flushPromises()
        expect(postOnce.mock.calls[1][1]).toEqual({ gateway: 'WECHAT', kind: 'TOP_UP', lines: [{ accountId: 7, amount: '50', bills: [] }] })
        expect(postOnce.mock.calls[1][2]).toBe(postOnce.mock.calls[0][2])
    })

    it('offers each of the four gateways the server offers, named and marked in both languages', async () => {
        const all = ['WECHAT', 'ALIPAY', 'UNIONPAY', 'EPAY']
        const { w } = await page('/accounts/7/pay', all)
        const names = () => all.map((g) => w.get(`[data-test=pay-channel-cell-${g}]`).text())
        expect(names()).toEqual(['微信支付', '支付宝', '银联全民付', '电e宝'])
        for (const g of all) expect(w.find(`[data-test=pay-channel-cell-${g}] svg[data-icon=${g}]`).exists()).toBe(true)
        setLanguage('en')
        await flushPromises()
        expect(names()).toEqual(['WeChat Pay', 'Alipay', 'UnionPay', 'e-Pay (电e宝)'])
        await w.get('[data-test=pay-channel-cell-UNIONPAY]').trigger('click')
        postOnce.mockResolvedValue({ orderNumber: 'GH202612060000000003' })
        await w.get('[data-test=pay-submit]').trigger('click')
        await flushPromises()
        expect(postOnce.mock.calls[0][1].gateway).toBe('UNIONPAY')
    })

    it('offers only what the server offers', async () => {
        const { w } = await page('/accounts/7/pay', ['EPAY'])
        expect(w.findAll('[data-test^=pay-channel-cell-]').map((c) => c.attributes('data-test'))).toEqual(['pay-channel-cell-EPAY'])
        postOnce.mockResolvedValue({ orderNumber: 'GH202612060000000004' })
        await w.get('[data-test=pay-submit]').trigger('click')
        await flushPromises()
        expect(postOnce.mock.calls[0][1].gateway).toBe('EPAY')
    })
})
