import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { ApiError } from '@/api'
import type { TariffView } from '../tariffs'

const get = vi.fn()
const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { get: (...a: unknown[]) => get(...a), post: (...a: unknown[]) => post(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const TARIFF: TariffView = {
    id: 'CN-ZJ-COMMERCIAL', name: '一般工商业', region: 'CN-ZJ', customerClass: 'COMMERCIAL', voltage: '0.4kV', category: 'COMMERCIAL',
    versions: [
        { version: 1, status: 'PACK', effectiveFrom: '2021-12-01', effectiveTo: null, source: '浙发改价格〔2021〕1号', definition: { energy: { price: '0.6' } } },
        { version: 2, status: 'DRAFT', effectiveFrom: '2027-01-01', source: '浙发改价格〔2026〕3号', draftedBy: '电价专责', draftedAt: '2026-11-30T02:00:00Z', definition: { energy: { price: '0.65' } } },
    ],
}

async function page() {
    const { default: TariffCatalogue } = await import('./TariffCatalogue.vue')
    const w = mount(TariffCatalogue, { attachTo: document.body, global: { plugins: [i18n, ElementPlus] } })
    await flushPromises()
    return w
}

describe('the tariff catalogue', () => {
    afterEach(() => {
        get.mockReset()
        post.mockReset()
        document.body.innerHTML = ''
    })

    it('shows a tariff\'s versions in the maker-checker panel and approves its draft at the tariff\'s address', async () => {
        setLanguage('zh-CN')
        get.mockResolvedValue([TARIFF])
        post.mockResolvedValue({})
        const w = await page()
        expect(get).toHaveBeenCalledWith('/api/v1/billing/tariffs')
        // a tariff with an open draft takes no second one
        expect(w.get('[data-test=tariff-draft]').attributes('disabled')).toBeDefined()
        await w.get('[data-test=tariffs] .el-table__expand-icon').trigger('click')
        await flushPromises()
        const versions = w.get('[data-test=tariff-versions]').text()
        expect(versions).toContain('2021-12-01 –')
        expect(versions).toContain('浙发改价格〔2026〕3号')
        expect(versions).toContain('"price": "0.65"')
        expect(versions).toContain('电价专责 起草于')
        await w.get('[data-test=tariff-approve]').trigger('click')
        await vi.waitFor(() => expect(document.querySelector('.el-message-box')?.textContent).toContain('审核通过 CN-ZJ-COMMERCIAL 版本 2？自 2027-01-01 起'))
        document.querySelector<HTMLButtonElement>('.el-message-box__btns .el-button--primary')!.click()
        await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/billing/tariffs/CN-ZJ-COMMERCIAL/versions/2/approval', { decision: 'APPROVE', reason: undefined }))
        // and the catalogue is read again
        await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(2))
    })

    it('lists every problem of a refused draft in its dialog', async () => {
        setLanguage('en')
        get.mockResolvedValue([{ ...TARIFF, versions: TARIFF.versions.slice(0, 1) }])
        post.mockRejectedValue(new ApiError(400, { status: 400, code: 'tariff-invalid', title: 'Invalid',
            errors: [{ field: 'energy.price', message: 'must be a price' }] }))
        const w = await page()
        await w.get('[data-test=tariff-draft]').trigger('click')
        await flushPromises()
        const text = document.querySelector<HTMLTextAreaElement>('[data-test=tariff-draft-text] textarea, textarea[data-test=tariff-draft-text]')!
        text.value = 'not json'
        text.dispatchEvent(new Event('input'))
        document.querySelector<HTMLButtonElement>('[data-test=tariff-draft-submit]')!.click()
        // in the user's words, never the browser's (#10)
        await vi.waitFor(() => expect(document.querySelector('.el-dialog [role=alert]')?.textContent).toContain('Draft not sent: cannot be read'))
        expect(document.querySelector('.el-dialog [role=alert]')?.textContent).not.toContain('Unexpected')
        expect(post).not.toHaveBeenCalled()
        text.value = '{"energy": {"price": "x"}}'
        text.dispatchEvent(new Event('input'))
        document.querySelector<HTMLButtonElement>('[data-test=tariff-draft-submit]')!.click()
        await vi.waitFor(() => expect(document.querySelector('.el-dialog [role=alert]')?.textContent).toContain('energy.price: must be a price'))
        expect(post).toHaveBeenCalledWith('/api/v1/billing/tariffs/CN-ZJ-COMMERCIAL/versions', { energy: { price: 'x' } })
    })
})
