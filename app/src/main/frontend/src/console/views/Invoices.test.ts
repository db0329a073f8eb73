import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { session } from '@/shared/session'
import type { Me } from '@/api'

const get = vi.fn()
const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: (...a: unknown[]) => post(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const base = {
    billNumber: 'B100', buyerType: 'COMPANY', buyerName: '杭州示例有限公司', buyerTaxId: '91330106MA2D0001X', total: -60,
    tax: -6.9, invoiceNumber: null, issuedAt: null, requestedAt: '2026-12-06T02:00:00Z',
}
const BLUE = { ...base, id: 4, requestNumber: 'GHI2026120600000004', kind: 'BLUE', state: 'ISSUED', total: 60, tax: 6.9,
    invoiceNumber: '26332000000000000004', refusal: null, reason: null, requestedBy: 'portal', originalId: null, retryOf: null, retry: 0 }
const FIRST = { ...base, id: 6, requestNumber: 'GHI2026120600000006', kind: 'RED', state: 'REFUSED', refusal: '购买方纳税人状态异常（非正常户），不能开具发票',
    reason: '账单冲正：R200', requestedBy: '系统', originalId: 4, retryOf: null, retry: 0 }
const LAST = { ...FIRST, id: 7, requestNumber: 'GHI2026120600000007', retryOf: 6, retry: 8 }

async function page() {
    const { default: Invoices } = await import('./Invoices.vue')
    const w = mount(Invoices, { attachTo: document.body, global: { plugins: [i18n, ElementPlus] } })
    await flushPromises()
    return w
}

describe('the console\'s electronic invoices', () => {
    afterEach(() => {
        get.mockReset()
        post.mockReset()
        session.me = null
        document.body.innerHTML = ''
    })

    it('shows a refused red invoice\'s reason on its blue one and sends the last one again for billing staff (#10)', async () => {
        setLanguage('zh-CN')
        session.me = { permissions: ['BILLING'] } as unknown as Me
        get.mockResolvedValue([LAST, FIRST, BLUE])
        post.mockResolvedValue({ ...LAST, id: 8, state: 'REQUESTED', retryOf: 7, retry: 0 })
        const w = await page()
        expect(w.get('[data-test=invoice-red-of-4]').text()).toContain('红字发票：未予开具')
        expect(w.get('[data-test=invoice-red-of-4]').text()).toContain('非正常户')
        expect(w.get('[data-test=invoice-retry-7]').text()).toContain('第 8 次自动重发')
        expect(w.find('[data-test=invoice-resend-6]').exists()).toBe(false)
        await w.get('[data-test=invoice-resend-7]').trigger('click')
        await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/payment/invoices/7/resend', {}))
        await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(2))
    })

    it('offers nothing to send again to staff without billing rights', async () => {
        setLanguage('en')
        session.me = { permissions: ['PAYMENT_COLLECT'] } as unknown as Me
        get.mockResolvedValue([LAST, FIRST, BLUE])
        const w = await page()
        expect(w.find('[data-test=invoice-resend-7]').exists()).toBe(false)
        expect(w.get('[data-test=invoice-red-of-4]').text()).toContain('Red invoice:')
    })
})
