import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLanguage } from '@/i18n'
import type { AccountOwes } from '@/api'

const get = vi.fn()
const postOnce = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), postOnce: (...a: unknown[]) => postOnce(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const owes = (accountId: number, accountNumber: string, receivable: number, prepaid = 0): AccountOwes => ({
    accountId, accountNumber, accountName: '张*', branchId: accountId * 10,
    balance: { accountId, receivable, prepaid, net: prepaid - receivable, version: 3 },
})
// a group's subsidiaries in two branches: two owe, one holds credit
const OWES = [owes(7, '3301000007', 100.1), owes(8, '3302000008', 0, 12.5), owes(9, '3302000009', 81.13)]

async function page() {
    get.mockImplementation((p: string) => Promise.resolve(
        p.endsWith('/gateways') ? ['WECHAT', 'ALIPAY']
            : p.endsWith('/balances') ? OWES
                : [{ id: '7', accountNumber: '3301000007', branchName: '城东供电所' }]))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
    await router.push('/pay')
    const { default: PayAll } = await import('./PayAll.vue')
    const w = mount(PayAll, { global: { plugins: [i18n, router] } })
    await flushPromises()
    return { w, router }
}

describe('one order over several accounts (PAY-8)', () => {
    afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))

    afterEach(() => {
        get.mockReset()
        postOnce.mockReset()
        setLanguage('zh-CN')
    })

    it('ticks the accounts that owe, sums them exactly and pays them in one order', async () => {
        const { w, router } = await page()
        expect(w.get('[data-test=pay-all-total]').text()).toContain('¥181.23')
        expect(w.get('[data-test=pay-all-account-3301000007]').text()).toContain('城东供电所')
        expect(w.get('[data-test=pay-all-account-3302000008]').text()).toContain('12.50')
        expect(w.find('[data-test=pay-all-amount-3302000008]').exists()).toBe(false)
        postOnce.mockResolvedValue({ orderNumber: 'GH202612060000000009' })
        await w.get('[data-test=pay-all-submit]').trigger('click')
        await flushPromises()
        const [path, body] = postOnce.mock.calls[0]
        expect(path).toBe('/api/v1/payment/orders')
        expect(body).toEqual({ gateway: 'WECHAT', kind: 'PAYMENT', lines: [
            { accountId: 7, amount: '100.10', bills: [] },
            { accountId: 9, amount: '81.13', bills: [] },
        ] })
        expect(router.currentRoute.value.fullPath).toBe('/orders/GH202612060000000009')
    })

    it('pays ahead on an account that owes nothing only with a payable amount', async () => {
        const { w } = await page()
        await w.get('[data-test=pay-all-account-3302000008] .van-cell').trigger('click')
        const submit = () => w.get('[data-test=pay-all-submit]')
        expect(submit().attributes('disabled')).toBeDefined()
        await w.get('[data-test=pay-all-amount-3302000008] input').setValue('20')
        expect(submit().attributes('disabled')).toBeUndefined()
        expect(w.get('[data-test=pay-all-total]').text()).toContain('¥201.23')
    })
})
