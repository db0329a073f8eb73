import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { i18n, setLanguage } from '@/i18n'

const get = vi.fn()
const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: (...a: unknown[]) => post(...a) },
}))
const confirm = vi.fn()
vi.mock('vant', async (original) => ({
    ...(await original<typeof import('vant')>()),
    showConfirmDialog: (...a: unknown[]) => confirm(...a),
    showSuccessToast: vi.fn(),
    showToast: vi.fn(),
}))
vi.setConfig({ testTimeout: 60_000 })

const ACTIVE = { agreementId: 11, accountId: 7, bankCode: '102', bankAccount: '6222***********0010', signedOn: '2026-01-05', state: 'ACTIVE', cancelledAt: null }
const OTHER_ACCOUNT = { ...ACTIVE, agreementId: 12, accountId: 8, bankAccount: '6222***********0099' }
const BANKS = [{ code: '102', nameZh: '中国工商银行', nameEn: 'ICBC' }]

async function mounted(list: unknown[]) {
    get.mockImplementation((path: string) => Promise.resolve(path.endsWith('/mine') ? list : BANKS))
    const { default: WithholdingAgreements } = await import('./WithholdingAgreements.vue')
    const w = mount(WithholdingAgreements, { props: { accountId: 7 }, global: { plugins: [i18n] } })
    await flushPromises()
    return w
}

describe('withholding agreements on the portal (ADR 0019)', () => {
    afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))
    afterEach(() => {
        get.mockReset()
        post.mockReset()
        confirm.mockReset()
        setLanguage('zh-CN')
    })

    it('lists the account’s own agreement: bank, masked account, state and since when', async () => {
        setLanguage('zh-CN')
        const w = await mounted([ACTIVE, OTHER_ACCOUNT])
        const row = w.get('[data-test=withholding-11]')
        expect(row.text()).toContain('中国工商银行 · 6222***********0010')
        expect(row.text()).toContain('2026-01-05 起代扣')
        expect(row.text()).toContain('生效中')
        expect(w.find('[data-test=withholding-12]').exists()).toBe(false)
    })

    it('asks to cancel after confirming, and shows it cancelled', async () => {
        setLanguage('en')
        const w = await mounted([ACTIVE])
        expect(w.get('[data-test=withholding-11]').text()).toContain('ICBC')
        confirm.mockResolvedValue('confirm')
        post.mockResolvedValue({ ...ACTIVE, state: 'CANCELLED' })
        get.mockImplementation((path: string) =>
            Promise.resolve(path.endsWith('/mine') ? [{ ...ACTIVE, state: 'CANCELLED', cancelledAt: '2026-12-06T02:00:00Z' }] : BANKS))
        await w.get('[data-test=withholding-cancel-11]').trigger('click')
        await flushPromises()
        expect(post).toHaveBeenCalledWith('/api/v1/payment/withholding/mine/11/cancellation', {})
        expect(w.get('[data-test=withholding-11]').text()).toContain('Cancelled')
        expect(w.find('[data-test=withholding-cancel-11]').exists()).toBe(false)
    })

    it('sends nothing when the customer thinks again', async () => {
        const w = await mounted([ACTIVE])
        confirm.mockRejectedValue('cancel')
        await w.get('[data-test=withholding-cancel-11]').trigger('click')
        await flushPromises()
        expect(post).not.toHaveBeenCalled()
    })

    it('shows nothing for an account without agreements', async () => {
        const w = await mounted([OTHER_ACCOUNT])
        expect(w.find('[data-test=withholding-agreements]').exists()).toBe(false)
    })
})
