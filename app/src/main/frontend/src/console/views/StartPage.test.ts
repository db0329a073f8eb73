import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { i18n } from '@/i18n'
import { session } from '@/shared/session'
import StartPage from './StartPage.vue'

async function startAs(roles: string[], permissions: string[]): Promise<string> {
    session.me = { userId: '1', kind: 'STAFF', displayName: '测试', roles, branches: [], permissions }
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: StartPage }] })
    await router.push('/')
    mount(StartPage, { global: { plugins: [i18n, router, ElementPlus] } })
    await flushPromises()
    return router.currentRoute.value.path
}

describe('start page', () => {
    afterEach(() => {
        session.me = null
    })

    it('sends finance to the reconciliation, though it may read customers', async () => {
        expect(await startAs(['FINANCE'], ['CUSTOMER_READ', 'TOPOLOGY_READ', 'PAYMENT_APPROVE', 'ALL_BRANCHES']))
            .toBe('/payment/reconciliation')
    })

    it('sends a counter clerk to the customers', async () => {
        expect(await startAs(['COUNTER_CLERK'], ['CUSTOMER_READ', 'PAYMENT_COLLECT'])).toBe('/customers')
    })
})
