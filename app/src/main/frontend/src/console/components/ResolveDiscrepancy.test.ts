import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n, setLanguage } from '@/i18n'
import { ApiError } from '@/api/client'
import { agentActionsFor, type AgentDiscrepancy } from '../agents'
import { actionsFor, type Discrepancy } from '../reconciliation'
import DiscrepancyTable from './DiscrepancyTable.vue'
import ResolveDiscrepancy from './ResolveDiscrepancy.vue'

const post = vi.fn()
vi.mock('@/api', async (original) => ({
    ...(await original<typeof import('@/api')>()),
    api: { post: (...a: unknown[]) => post(...a) },
}))
vi.setConfig({ testTimeout: 60_000 })

const OPEN = { open: true, resolution: null, note: null, resolvedBy: null, resolvedAt: null, ourAmount: null, ledgerAmount: null }
const GATEWAY = {
    ...OPEN, discrepancyId: 11, runId: 1, gateway: 'WECHAT', day: '2026-12-05', kind: 'MISSING_AT_US',
    transactionId: '4200001', orderNumber: 'GH1', ourOrderNumber: null, gatewayAmount: 66.6, completedAt: null,
    refundNumber: null, postingId: null,
} as Discrepancy
const AGENT = {
    ...OPEN, discrepancyId: 12, agentCode: 'T1', day: '2026-12-05', kind: 'MISSING_AT_GATEWAY', serial: 'R2',
    accountNumber: '3301000123', agentAmount: null, ourAmount: 55.5, ledgerAmount: 55.5,
} as AgentDiscrepancy

// the two pages' dialogs, as they configure the one component
const SOURCES = [
    {
        name: 'the gateways',
        d: GATEWAY,
        props: {
            actions: (d: Discrepancy) => actionsFor(d.kind, d.refundNumber),
            actionLabel: (a: string) => i18n.global.t(`console.reconciliation.actions.${a}`),
            url: (d: Discrepancy) => `/api/v1/payment/reconciliation/discrepancies/${d.discrepancyId}/resolution`,
            summary: (d: Discrepancy) => d.transactionId,
            test: 'reconcile',
        },
        first: 'CREDITED',
        url: '/api/v1/payment/reconciliation/discrepancies/11/resolution',
    },
    {
        name: 'the agents',
        d: AGENT,
        props: {
            actions: (d: AgentDiscrepancy) => agentActionsFor(d.kind),
            actionLabel: (a: string) => i18n.global.t(`console.agents.actions.${a}`),
            url: (d: AgentDiscrepancy) => `/api/v1/payment/agents/discrepancies/${d.discrepancyId}/resolution`,
            summary: (d: AgentDiscrepancy) => d.serial,
            test: 'agent',
        },
        first: 'REVERSED',
        url: '/api/v1/payment/agents/discrepancies/12/resolution',
    },
] as const

function dialog(source: (typeof SOURCES)[number]) {
    return mount(ResolveDiscrepancy as Component, {
        attachTo: document.body,
        props: { discrepancy: source.d, ...source.props },
        global: { plugins: [i18n, ElementPlus] },
    })
}

const $ = (selector: string) => document.body.querySelector(selector) as HTMLElement | null

async function type(selector: string, value: string) {
    const el = $(`${selector}`) as HTMLTextAreaElement
    el.value = value
    el.dispatchEvent(new Event('input'))
    await flushPromises()
}

describe.each(SOURCES)('resolving a discrepancy of $name', (source) => {
    afterEach(() => {
        post.mockReset()
        document.body.innerHTML = ''
    })

    it('offers the actions that fit, the first chosen, and sends it only with a meaningful note', async () => {
        setLanguage('zh-CN')
        const w = dialog(source)
        await flushPromises()
        const radios = [...document.body.querySelectorAll(`[data-test="${source.props.test}-action"] input`)] as HTMLInputElement[]
        expect(radios.map((r) => r.value)).toEqual(source.props.actions(source.d as never))
        expect(radios.find((r) => r.checked)?.value).toBe(source.first)
        const submit = $(`[data-test="${source.props.test}-submit"]`) as HTMLButtonElement
        await type(`[data-test="${source.props.test}-note"]`, '   ')
        expect(submit.disabled).toBe(true)
        await type(`[data-test="${source.props.test}-note"]`, '  渠道已核实，按账单处理  ')
        expect(submit.disabled).toBe(false)
        post.mockResolvedValue({})
        submit.click()
        await flushPromises()
        expect(post).toHaveBeenCalledWith(source.url, { action: source.first, note: '渠道已核实，按账单处理' })
        expect(w.emitted('resolved')).toEqual([[source.d]])
    })

    it('stays open and tells the problem when the server refuses, in the UI language', async () => {
        setLanguage('en')
        const w = dialog(source)
        await flushPromises()
        await type(`[data-test="${source.props.test}-note"]`, 'checked with the channel')
        post.mockRejectedValue(new ApiError(404, { title: 'Not found', detail: 'This reconciliation discrepancy was not found, or you may not see it.' }))
        ;($(`[data-test="${source.props.test}-submit"]`) as HTMLButtonElement).click()
        await flushPromises()
        expect(w.emitted('resolved')).toBeUndefined()
        expect(document.body.textContent).toContain('was not found, or you may not see it')
    })
})

describe('the discrepancy table', () => {
    afterEach(() => {
        document.body.innerHTML = ''
    })

    it('shows the source\'s columns, the three sides and a resolve button per open row, the resolution of the others', async () => {
        setLanguage('en')
        const resolved = { ...AGENT, discrepancyId: 13, open: false, resolution: 'ACCEPTED', note: 'the agent pays it back', resolvedBy: '王经理', resolvedAt: '2026-12-06T02:00:00Z' }
        const w = mount(DiscrepancyTable as Component, {
            attachTo: document.body,
            props: {
                rows: [AGENT, resolved],
                kindLabel: (k: string) => i18n.global.t(`console.agents.kinds.${k}`),
                actionLabel: (a: string) => i18n.global.t(`console.agents.actions.${a}`),
                theirLabel: 'Agent',
                their: (d: AgentDiscrepancy) => d.agentAmount,
                test: 'agent',
            },
            slots: { columns: '<el-table-column label="Serial" prop="serial" />' },
            global: { plugins: [i18n, ElementPlus] },
        })
        await flushPromises()
        const text = $('[data-test="agent-discrepancies"]')!.textContent!
        expect(text).toContain('Serial')
        expect(text).toContain('R2')
        expect(text).toContain('55.50')
        expect(text).toContain('—')
        expect(text).toContain('the agent pays it back')
        expect($('[data-test="agent-resolve-13"]')).toBeNull()
        ;($('[data-test="agent-resolve-12"]') as HTMLButtonElement).click()
        await flushPromises()
        expect(w.emitted('resolve')).toEqual([[AGENT]])
    })
})
