import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { h } from 'vue'
import ElementPlus, { ElTableColumn } from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { ApiError } from '@/api'
import type { SignedVersion } from '../makerChecker'
import MakerCheckerVersions from './MakerCheckerVersions.vue'
import DraftErrors from './DraftErrors.vue'

const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { post: (...a: unknown[]) => post(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

type Version = SignedVersion & { source: string }

const PACK: Version = { version: 0, status: 'PACK', source: '浙发改价格〔2021〕1号' }
const APPROVED: Version = {
    version: 1, status: 'APPROVED', source: '浙发改价格〔2025〕7号',
    draftedBy: '电价专责', draftedAt: '2026-03-01T02:00:00Z', approvedBy: '电价审核', approvedAt: '2026-03-02T02:00:00Z',
}
const DRAFT: Version = { version: 2, status: 'DRAFT', source: '浙发改价格〔2026〕3号', draftedBy: '电价专责', draftedAt: '2026-11-30T02:00:00Z' }

function panel(versions: Version[]) {
    return mount(MakerCheckerVersions, {
        attachTo: document.body,
        props: {
            versions,
            test: 'rate',
            approval: (v: SignedVersion) => `/api/v1/things/T/versions/${v.version}/approval`,
            confirm: (v: SignedVersion) => `审核通过第 ${v.version} 版？`,
        },
        // the entry's own columns, between the status and the people
        slots: { default: () => h(ElTableColumn, { label: '依据', prop: 'source' }) },
        global: { plugins: [i18n, ElementPlus] },
    })
}

const box = () => document.querySelector<HTMLElement>('.el-message-box')
const confirmBox = () => box()!.querySelector<HTMLButtonElement>('.el-message-box__btns .el-button--primary')!.click()

async function typeReason(text: string) {
    const input = box()!.querySelector<HTMLInputElement>('.el-message-box__input input')!
    input.value = text
    input.dispatchEvent(new Event('input'))
    await flushPromises()
}

describe('the maker-checker panel', () => {
    afterEach(() => {
        post.mockReset()
        document.body.innerHTML = ''
    })

    it('shows each version with its status, who drafted and who approved it, and the entry\'s own columns', async () => {
        setLanguage('zh-CN')
        const w = panel([PACK, APPROVED, DRAFT])
        await flushPromises()
        const rows = w.findAll('[data-test=rate-versions] .el-table__body tr')
        expect(rows).toHaveLength(3)
        expect(rows[0].text()).toContain('电价包')
        expect(rows[0].text()).toContain('浙发改价格〔2021〕1号')
        expect(rows[1].text()).toContain('已审核')
        expect(rows[1].text()).toContain('电价专责 起草于')
        expect(rows[1].text()).toContain('电价审核 审核于')
        expect(rows[2].text()).toContain('待审核')
        expect(rows[2].text()).not.toContain('审核于')
        // only the open draft can be decided, and the four-eyes rule is said where it is
        expect(w.findAll('[data-test=rate-approve]')).toHaveLength(1)
        expect(w.findAll('[data-test=rate-reject]')).toHaveLength(1)
        expect(w.get('[data-test=rate-four-eyes]').text()).toBe('草稿须由起草人以外的另一位员工审核通过。')
    })

    it('says nothing of the four-eyes rule and offers no decision without a draft', async () => {
        setLanguage('en')
        const w = panel([PACK, APPROVED])
        await flushPromises()
        expect(w.find('[data-test=rate-four-eyes]').exists()).toBe(false)
        expect(w.find('[data-test=rate-approve]').exists()).toBe(false)
        expect(w.get('[data-test=rate-versions]').text()).toContain('drafted by 电价专责')
    })

    it('approves the draft after the question, and tells the page', async () => {
        setLanguage('zh-CN')
        post.mockResolvedValue({ ...DRAFT, status: 'APPROVED' })
        const w = panel([PACK, DRAFT])
        await flushPromises()
        await w.get('[data-test=rate-approve]').trigger('click')
        await vi.waitFor(() => expect(box()?.textContent).toContain('审核通过第 2 版？'))
        expect(post).not.toHaveBeenCalled()
        confirmBox()
        await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/things/T/versions/2/approval', { decision: 'APPROVE', reason: undefined }))
        await vi.waitFor(() => expect(w.emitted('decided')).toEqual([[DRAFT, 'APPROVE']]))
        await vi.waitFor(() => expect(document.body.textContent).toContain('已审核通过'))
    })

    it('sends nothing when the question is cancelled', async () => {
        setLanguage('zh-CN')
        const w = panel([DRAFT])
        await flushPromises()
        await w.get('[data-test=rate-approve]').trigger('click')
        await vi.waitFor(() => expect(box()).not.toBeNull())
        box()!.querySelector<HTMLButtonElement>('.el-message-box__btns .el-button:not(.el-button--primary)')!.click()
        await flushPromises()
        await new Promise((r) => setTimeout(r, 50))
        expect(post).not.toHaveBeenCalled()
        expect(w.emitted('decided')).toBeUndefined()
    })

    it('rejects a draft only with a meaningful reason', async () => {
        setLanguage('zh-CN')
        post.mockResolvedValue({ ...DRAFT, status: 'REJECTED' })
        const w = panel([DRAFT])
        await flushPromises()
        await w.get('[data-test=rate-reject]').trigger('click')
        await vi.waitFor(() => expect(box()?.textContent).toContain('请写明退回原因'))
        // "ok" is too short and has no ideograph: the box stays with the rule, nothing is sent
        await typeReason('ok')
        confirmBox()
        await vi.waitFor(() => expect(box()!.querySelector('.el-message-box__errormsg')?.textContent).toContain('原因须为 4 至 200 个字'))
        expect(post).not.toHaveBeenCalled()
        await typeReason('  依据文号写错，请重新起草  ')
        confirmBox()
        await vi.waitFor(() => expect(post).toHaveBeenCalledWith('/api/v1/things/T/versions/2/approval', { decision: 'REJECT', reason: '  依据文号写错，请重新起草  ' }))
        await vi.waitFor(() => expect(w.emitted('decided')).toEqual([[DRAFT, 'REJECT']]))
        await vi.waitFor(() => expect(document.body.textContent).toContain('草稿已退回'))
    })

    it('shows the server\'s refusal when the maker approves the own draft, and tells the page nothing', async () => {
        setLanguage('zh-CN')
        post.mockRejectedValue(new ApiError(403, {
            status: 403, code: 'tariff-maker-checker', title: '不能审核自己的草稿',
            detail: '电价草稿须由起草人以外的另一位员工审核通过。',
        }))
        const w = panel([DRAFT])
        await flushPromises()
        await w.get('[data-test=rate-approve]').trigger('click')
        await vi.waitFor(() => expect(box()).not.toBeNull())
        confirmBox()
        await vi.waitFor(() => expect(document.querySelector('.el-message--error')?.textContent)
            .toContain('不能审核自己的草稿：电价草稿须由起草人以外的另一位员工审核通过。'))
        expect(post).toHaveBeenCalledTimes(1)
        expect(w.emitted('decided')).toBeUndefined()
        expect(document.querySelector('.el-message--success')).toBeNull()
        // the draft is still there to be decided by someone else
        expect(w.find('[data-test=rate-approve]').exists()).toBe(true)
    })
})

describe('the maker\'s own draft (#10)', () => {
    afterEach(() => {
        post.mockReset()
        document.body.innerHTML = ''
    })
    const OWN: Version = { ...DRAFT, draftedByYou: true }

    it('cannot be approved by the maker: the button is disabled and says a second person approves it', async () => {
        setLanguage('zh-CN')
        const w = panel([PACK, OWN])
        await flushPromises()
        const approve = w.get('[data-test=rate-approve]')
        expect(approve.attributes('disabled')).toBeDefined()
        expect(w.get('[data-test=rate-four-eyes]').text()).toBe('这是您起草的草稿，须由另一位员工审核通过。')
        await approve.trigger('click')
        await flushPromises()
        await new Promise((r) => setTimeout(r, 50))
        expect(box()).toBeNull()
        expect(post).not.toHaveBeenCalled()
        // the tooltip on the disabled button says why
        await w.get('[data-test=rate-approve-wrap]').trigger('mouseenter')
        await vi.waitFor(() => expect(document.querySelector('.el-popper')?.textContent).toContain('这是您起草的草稿，须由另一位员工审核通过。'))
        // the maker may still withdraw the own draft
        expect(w.get('[data-test=rate-reject]').attributes('disabled')).toBeUndefined()
    })

    it('says so in English too', async () => {
        setLanguage('en')
        const w = panel([OWN])
        await flushPromises()
        expect(w.get('[data-test=rate-four-eyes]').text()).toBe('You drafted this: a second member of staff must approve it.')
        expect(w.get('[data-test=rate-approve]').attributes('disabled')).toBeDefined()
    })

    it('leaves the approval to anyone else', async () => {
        setLanguage('zh-CN')
        const w = panel([{ ...DRAFT, draftedByYou: false }])
        await flushPromises()
        expect(w.get('[data-test=rate-approve]').attributes('disabled')).toBeUndefined()
        expect(w.get('[data-test=rate-four-eyes]').text()).toBe('草稿须由起草人以外的另一位员工审核通过。')
    })
})

describe('the draft\'s errors', () => {
    it('lists every line the server refused, and nothing when there is none', async () => {
        const w = mount(DraftErrors, { props: { errors: [] }, global: { plugins: [i18n, ElementPlus] } })
        expect(w.find('[role=alert]').exists()).toBe(false)
        await w.setProps({ errors: ['calendar.off[1]: not a date: 2027-02-30', 'calendar.work[0]: not a weekend day'] })
        const items = w.findAll('[role=alert] li')
        expect(items.map((x) => x.text())).toEqual(['calendar.off[1]: not a date: 2027-02-30', 'calendar.work[0]: not a weekend day'])
    })
})
