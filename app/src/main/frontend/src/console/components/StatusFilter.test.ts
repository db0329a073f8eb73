import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import StatusFilter from './StatusFilter.vue'

vi.setConfig({ testTimeout: 60_000 })

function filter(props: Record<string, unknown>) {
    return mount(StatusFilter, {
        attachTo: document.body,
        props: { modelValue: 'REQUESTED', values: ['REQUESTED', 'APPROVED'], label: (s: string) => `«${s}»`, allLabel: 'All', ...props },
        global: { plugins: [i18n, ElementPlus] },
    })
}

describe('a list\'s status filter', () => {
    afterEach(() => {
        document.body.innerHTML = ''
    })

    it('offers all first, or last for a queue, each value by its label, with test ids by value', async () => {
        expect(filter({}).text()).toBe('All«REQUESTED»«APPROVED»')
        document.body.innerHTML = ''
        const w = filter({ allLast: true, test: 'waiver-filter' })
        expect(w.text()).toBe('«REQUESTED»«APPROVED»All')
        expect(w.find('[data-test="waiver-filter-requested"]').exists()).toBe(true)
        expect(w.find('[data-test="waiver-filter-all"]').exists()).toBe(true)
    })

    it('sets the model and asks the list again when a value is chosen', async () => {
        const w = filter({ test: 'f' })
        await w.find('[data-test="f-approved"] input').setValue(true)
        await flushPromises()
        expect(w.emitted('update:modelValue')).toEqual([['APPROVED']])
        expect(w.emitted('change')).toEqual([['APPROVED']])
    })
})
