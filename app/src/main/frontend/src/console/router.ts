import { createRouter, createWebHashHistory, type RouteLocationNormalized } from 'vue-router'
import { can, loadMe, session } from '@/shared/session'

declare module 'vue-router' {
    interface RouteMeta {
        public?: boolean
        /** Any one of them lets the user in. */
        permission?: string | string[]
        bare?: boolean
        tab?: string
    }
}

export const router = createRouter({
    history: createWebHashHistory(),
    routes: [
        { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignIn.vue'), meta: { public: true, bare: true } },
        { path: '/', name: 'start', component: () => import('./views/StartPage.vue') },
        { path: '/dashboard', name: 'dashboard', component: () => import('./views/BranchDashboard.vue'), meta: { permission: 'METER_READ' } },
        { path: '/customers', name: 'customers', component: () => import('./views/CustomerSearch.vue'), meta: { permission: 'CUSTOMER_READ' } },
        { path: '/customers/new', name: 'customer-new', component: () => import('./views/CustomerForm.vue'), meta: { permission: 'CUSTOMER_WRITE' } },
        { path: '/customers/:id', name: 'customer', component: () => import('./views/Customer360.vue'), props: true, meta: { permission: 'CUSTOMER_READ' } },
        { path: '/customers/:id/edit', name: 'customer-edit', component: () => import('./views/CustomerForm.vue'), props: true, meta: { permission: 'CUSTOMER_WRITE' } },
        { path: '/topology', name: 'topology', component: () => import('./views/TopologyTree.vue'), meta: { permission: 'TOPOLOGY_READ' } },
        { path: '/map', name: 'map', component: () => import('./views/TopologyMap.vue'), meta: { permission: 'TOPOLOGY_READ' } },
        { path: '/outages', name: 'outages', component: () => import('./views/OutageBoard.vue'), meta: { permission: 'REPAIR_DISPATCH' } },
        { path: '/repairs', name: 'repairs', component: () => import('./views/RepairBoard.vue'), meta: { permission: 'REPAIR_DISPATCH' } },
        { path: '/repairs/teams', name: 'repair-teams', component: () => import('./views/ThirdPartyTeams.vue'), meta: { permission: 'REPAIR_DISPATCH' } },
        // a crew member's phone: no console chrome; the server tells crew members from others
        { path: '/crew', name: 'crew', component: () => import('./views/CrewApp.vue'), meta: { bare: true } },
        { path: '/meters', name: 'meters', component: () => import('./views/MeterSearch.vue'), meta: { permission: 'METER_READ' } },
        { path: '/meters/:id', name: 'meter', component: () => import('./views/MeterData.vue'), props: true, meta: { permission: 'METER_READ' } },
        { path: '/metering/collection', name: 'collection', component: () => import('./views/CollectionDashboard.vue'), meta: { permission: 'METER_READ' } },
        { path: '/metering/exceptions', name: 'exceptions', component: () => import('./views/ReadingExceptions.vue'), meta: { permission: 'METER_READ' } },
        { path: '/metering/concentrators', name: 'concentrators', component: () => import('./views/ConcentratorArchive.vue'), meta: { permission: ['METER_READ', 'TOPOLOGY_WRITE'] } },
        { path: '/metering/imports', name: 'imports', component: () => import('./views/ReadingImports.vue'), meta: { permission: 'BILLING' } },
        { path: '/billing/tariffs', name: 'tariffs', component: () => import('./views/TariffCatalogue.vue'), meta: { permission: 'BILLING' } },
        { path: '/billing/calendars', name: 'calendars', component: () => import('./views/HolidayCalendars.vue'), meta: { permission: 'BILLING' } },
        { path: '/payment/counter', name: 'counter-payment', component: () => import('./views/CounterPayment.vue'), meta: { permission: 'PAYMENT_COLLECT' } },
        { path: '/payment/till', name: 'till-close', component: () => import('./views/TillClose.vue'), meta: { permission: 'PAYMENT_COLLECT' } },
        { path: '/payment/refunds', name: 'refunds', component: () => import('./views/Refunds.vue'), meta: { permission: ['PAYMENT_COLLECT', 'PAYMENT_APPROVE'] } },
        { path: '/payment/invoices', name: 'invoices', component: () => import('./views/Invoices.vue'), meta: { permission: ['BILLING', 'PAYMENT_COLLECT'] } },
        { path: '/payment/reconciliation', name: 'reconciliation', component: () => import('./views/Reconciliation.vue'), meta: { permission: 'PAYMENT_APPROVE' } },
        { path: '/payment/agents', name: 'agents', component: () => import('./views/CollectionAgents.vue'), meta: { permission: 'PAYMENT_APPROVE' } },
        { path: '/payment/vouchers', name: 'vouchers', component: () => import('./views/Vouchers.vue'), meta: { permission: ['PAYMENT_COLLECT', 'PAYMENT_APPROVE'] } },
        { path: '/payment/withholding', name: 'withholding', component: () => import('./views/Withholding.vue'), meta: { permission: ['PAYMENT_COLLECT', 'PAYMENT_APPROVE'] } },
        { path: '/payment/waivers', name: 'penalty-waivers', component: () => import('./views/PenaltyWaivers.vue'), meta: { permission: ['PAYMENT_COLLECT', 'PAYMENT_APPROVE'] } },
        { path: '/payment/outlets', name: 'payment-outlets', component: () => import('./views/PaymentOutlets.vue'), meta: { permission: 'PAYMENT_COLLECT' } },
        { path: '/payment/points', name: 'points-counter', component: () => import('./views/PointsCounter.vue'), meta: { permission: 'PAYMENT_COLLECT' } },
        { path: '/payment/mall', name: 'points-mall', component: () => import('./views/PointsMall.vue'), meta: { permission: 'PAYMENT_COLLECT' } },
        { path: '/billing/runs', name: 'billing-runs', component: () => import('./views/BillingRuns.vue'), meta: { permission: 'BILLING' } },
        { path: '/billing/meter-programs', name: 'meter-programs', component: () => import('./views/MeterPrograms.vue'), meta: { permission: 'BILLING' } },
        { path: '/billing/review', name: 'billing-review', component: () => import('./views/BillReview.vue'), meta: { permission: 'BILLING' } },
        { path: '/billing/bills/:id', name: 'billing-bill', component: () => import('./views/BillTrace.vue'), props: true, meta: { permission: 'BILLING' } },
        { path: '/staff', name: 'staff', component: () => import('./views/StaffAdmin.vue'), meta: { permission: 'STAFF_ADMIN' } },
        { path: '/audit', name: 'audit', component: () => import('./views/AuditLog.vue'), meta: { permission: 'AUDIT_READ' } },
        // demo only: readable before sign-in, since it shows the authenticator codes needed to sign in
        { path: '/dev-inbox', name: 'dev-inbox', component: () => import('./views/DevInbox.vue'), meta: { public: true } },
        { path: '/:rest(.*)*', redirect: '/' },
    ],
})

export function allowed(to: Pick<RouteLocationNormalized, 'meta'>): boolean {
    return !to.meta.permission || [to.meta.permission].flat().some(can)
}

router.beforeEach(async (to) => {
    if (!session.loaded) {
        try {
            await loadMe()
        } catch {
            // unreachable server: the sign-in page reports it
        }
    }
    if (to.meta.public) return true
    if (!session.me || session.me.kind !== 'STAFF') return { name: 'sign-in', query: { next: to.fullPath } }
    if (!allowed(to)) return { name: 'start' }
    return true
})

window.addEventListener('gridhall:unauthorized', () => {
    session.me = null
    const current = router.currentRoute.value
    if (!current.meta.public) router.replace({ name: 'sign-in', query: { next: current.fullPath } })
})
