import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { ApiError } from '@/api/client'
import type { AccountStatement } from '@/api'
import AccountFinder from './AccountFinder.vue'

const get = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const STATEMENT = { accountId: 7, accountNumber: '3301000123', accountName: '张三' } as unknown as AccountStatement

function finder(props: { limit?: number; onFound: (s: AccountStatement | null) => Promise<void> | void; error?: string }) {
    return mount(AccountFinder, {
        attachTo: document.body,
        props: { test: 'pay', ...props },
        slots: { default: '<p data-test="below">below</p>' },
        global: { plugins: [i18n, ElementPlus] },
    })
}

async function search(w: ReturnType<typeof finder>, number: string) {
    await w.find('[data-test="pay-number"]').setValue(number)
    await w.find('form').trigger('submit')
    await flushPromises()
}

describe('the console find-an-account panel', () => {
    afterEach(() => {
        get.mockReset()
        document.body.innerHTML = ''
    })

    it('refuses anything but ten digits in the UI language without asking the server', async () => {
        setLanguage('en')
        const found = vi.fn()
        const w = finder({ onFound: found })
        for (const bad of ['', '330100012', '33010001234', '33010O0123']) {
            await search(w, bad)
            expect(w.find('[data-test="pay-error"]').text()).toContain('10 digits')
        }
        expect(get).not.toHaveBeenCalled()
        expect(found).not.toHaveBeenCalled()
        expect(w.emitted('update:error')?.at(-1)).toEqual([i18n.global.t('console.payment.numberInvalid')])
        expect(w.find('[data-test="below"]').exists()).toBe(true)
    })

    it('looks the trimmed number up with the page\'s statement limit and hands the statement over', async () => {
        const found = vi.fn()
        get.mockResolvedValue(STATEMENT)
        const w = finder({ limit: 100, onFound: found })
        await search(w, ' 3301000123 ')
        expect(get).toHaveBeenCalledWith('/api/v1/payment/statements', { accountNumber: '3301000123', limit: 100 })
        expect(found).toHaveBeenCalledWith(STATEMENT)
        expect(w.find('[data-test="pay-error"]').exists()).toBe(false)

        // without a limit the API's default applies; the page can look again after it changed the statement
        const w2 = finder({ onFound: found })
        await w2.find('[data-test="pay-number"]').setValue('3301000124')
        await (w2.vm as unknown as { find: () => Promise<void> }).find()
        await flushPromises()
        expect(get).toHaveBeenLastCalledWith('/api/v1/payment/statements', { accountNumber: '3301000124' })
        expect(w2.emitted('search')).toHaveLength(1)
    })

    it('shows a failed lookup as the problem in the UI language and tells the page there is no account', async () => {
        setLanguage('zh-CN')
        get.mockRejectedValue(new ApiError(404, { title: '未找到', detail: '户号不存在或不在您的辖区。' }, null))
        const found = vi.fn()
        const w = finder({ onFound: found })
        await search(w, '3301000123')
        expect(found).toHaveBeenCalledWith(null)
        expect(w.find('[data-test="pay-error"]').text()).toContain('户号不存在或不在您的辖区。')
    })

    it('shows an error the page\'s own loading throws like a failed lookup', async () => {
        setLanguage('en')
        get.mockResolvedValue(STATEMENT)
        const seen: (AccountStatement | null)[] = []
        const w = finder({
            onFound: (s) => {
                seen.push(s)
                if (s) return Promise.reject(new ApiError(0, {}, null))
            },
        })
        await search(w, '3301000123')
        expect(seen).toEqual([STATEMENT, null])
        expect(w.find('[data-test="pay-error"]').text()).toBe(i18n.global.t('errors.network'))
    })

    it('shows the page\'s own error passed in', async () => {
        const w = finder({ onFound: vi.fn(), error: 'The till is closed' })
        expect(w.find('[data-test="pay-error"]').text()).toContain('The till is closed')
    })
})
