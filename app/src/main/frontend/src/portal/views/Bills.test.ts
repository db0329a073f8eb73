import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLanguage } from '@/i18n'
import { ApiError } from '@/api'
import type { PortalBill, TierProgress, TouComparison } from '@/shared/bills'

// charts need a canvas jsdom does not have; the chart's data is tested in bills.test.ts
vi.mock('@/shared/charts', async () => {
    const { h } = await import('vue')
    return { VChart: { name: 'VChart', props: ['option'], render: () => h('div', { class: 'chart-stub' }) }, TOU_COLOURS: [], QUALITY_COLOURS: {} }
})
const get = vi.fn()
vi.mock('@/api', async (original) => ({ ...(await original<typeof import('@/api')>()), api: { get: (...a: unknown[]) => get(...a) } }))
vi.setConfig({ testTimeout: 60_000 })

const bill = (id: number, type: PortalBill['type'], status: string, total: number): PortalBill => ({
    id, supplyAccountId: 7, accountNumber: '3301000123', type, status, billNumber: `B${id}`, periodFrom: '2026-11-01',
    periodTo: '2026-11-30', issuedOn: '2026-12-10', dueOn: '2026-12-31', energyKwh: 300, total, estimated: false,
    tariffId: 'T', tariffVersion: 1, lines: [],
})
const BILLS = [bill(3, 'REBILL', 'ISSUED', 138.8), bill(2, 'REVERSAL', 'ISSUED', -138.8), bill(1, 'REGULAR', 'REVERSED', 138.8)]
const PROGRESS: TierProgress = {
    supplyAccountId: 7, tariffId: 'ZJ', tariffVersion: 1, cycle: 'ANNUAL', cycleFrom: '2026-01-01', cycleTo: '2026-12-31',
    used: 2000, currentTier: 1, toNextTier: 760,
    tiers: [{ tier: 1, upTo: 2760, price: 0.538 }, { tier: 2, upTo: 4800, price: 0.588 }, { tier: 3, upTo: null, price: 0.838 }],
    months: [{ month: '2026-01', energy: 2000 }],
}
const COMPARISON: TouComparison = {
    supplyAccountId: 7, currentTariffId: 'A', touTariffId: 'B', months: [{ month: '2026-01', energy: 1, valleyShare: 0.4, current: 1, tou: 1 }],
    currentTotal: 1614.0, touTotal: 1527.6, saving: 86.4,
}

const BALANCES = [
    { accountId: 8, accountNumber: '3301000124', accountName: '*三', branchId: 1, balance: { accountId: 8, receivable: 9, prepaid: 0, net: -9, version: 1 } },
    { accountId: 7, accountNumber: '3301000123', accountName: '*三', branchId: 1, balance: { accountId: 7, receivable: 138.8, prepaid: 20, net: -118.8, version: 3 } },
]

function answer(progress: unknown, comparison: unknown, balances: unknown = BALANCES) {
    get.mockImplementation((path: string) => {
        if (path.endsWith('/bills')) return Promise.resolve(BILLS)
        if (path.endsWith('/balances')) return balances instanceof Error ? Promise.reject(balances) : Promise.resolve(balances)
        if (path.endsWith('/tier-progress')) return progress instanceof Error ? Promise.reject(progress) : Promise.resolve(progress)
        return comparison instanceof Error ? Promise.reject(comparison) : Promise.resolve(comparison)
    })
}

async function page() {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
    await router.push('/accounts/7/bills')
    const { default: Bills } = await import('./Bills.vue')
    const w = mount(Bills, { props: { id: '7' }, global: { plugins: [i18n, router] } })
    await flushPromises()
    return w
}

describe('bills page', () => {
    // Vant's placeholders measure the safe area 100, 200 and 300 ms after mounting: let those timers run while the
    // test environment still has a window, or they throw after it is gone
    afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))

    afterEach(() => {
        get.mockReset()
        setLanguage('zh-CN')
    })

    it('leads with the bill to pay, tells the kWh left in the tier and what time-of-use pricing would save', async () => {
        setLanguage('zh-CN')
        answer(PROGRESS, COMPARISON)
        const w = await page()
        expect(get).toHaveBeenCalledWith('/api/v1/billing/accounts/7/bills', { limit: 24 })
        expect(w.get('[data-test=latest-total]').text()).toBe('¥138.80')
        expect(w.get('[data-test=tier-next]').text()).toBe('再用 760 kWh 进入第 2 档')
        expect(w.get('[data-test=tou-saving]').text()).toBe('可节省 ¥86.40')
        expect(w.findAll('[data-test=bill-row]')).toHaveLength(3)
        // the balance is this account's in the payment ledger, not another's and not the bills' sum (PAY-4)
        expect(get).toHaveBeenCalledWith('/api/v1/payment/balances')
        expect(w.get('[data-test=balance-owes]').text()).toBe('欠费 ¥138.80')
        expect(w.get('[data-test=balance-credit]').text()).toBe('预存 ¥20.00')
        expect(w.find('[data-test=balance-pay]').exists()).toBe(true)
    })

    it('says nothing is owed in English, and hides the balance when the ledger does not answer', async () => {
        setLanguage('en')
        answer(new ApiError(404, {}), new ApiError(404, {}), [{ ...BALANCES[1], balance: { ...BALANCES[1].balance, receivable: 0, prepaid: 0 } }])
        let w = await page()
        expect(w.get('[data-test=balance-owes]').text()).toBe('Nothing owed')
        expect(w.find('[data-test=balance-credit]').exists()).toBe(false)
        expect(w.find('[data-test=balance-pay]').exists()).toBe(false)
        answer(new ApiError(404, {}), new ApiError(404, {}), new ApiError(500, {}))
        w = await page()
        expect(w.find('[data-test=balance]').exists()).toBe(false)
        expect(w.find('[data-test=latest-total]').exists()).toBe(true)
    })

    it('hides tier progress and the comparison when the account has none, and says so in English', async () => {
        setLanguage('en')
        answer(new ApiError(404, {}), new ApiError(404, {}))
        const w = await page()
        expect(w.find('[data-test=tier-progress]').exists()).toBe(false)
        expect(w.find('[data-test=tou-comparison]').exists()).toBe(false)
        expect(w.get('[data-test=latest-bill]').text()).toContain('Latest bill')
    })

    it('shows the top tier without a next one', async () => {
        setLanguage('zh-CN')
        answer({ ...PROGRESS, used: 5000, currentTier: 3, toNextTier: null }, new ApiError(404, {}))
        const w = await page()
        expect(w.get('[data-test=tier-next]').text()).toBe('已进入最高档（第 3 档）')
    })

    it('shows an error other than 404 instead of the page', async () => {
        setLanguage('zh-CN')
        answer(new ApiError(500, { detail: '服务暂时不可用' }), COMPARISON)
        const w = await page()
        expect(w.text()).toContain('服务暂时不可用')
    })
})
