import { createRouter, createWebHashHistory } from 'vue-router'
import { loadMe, session } from '@/shared/session'

export const router = createRouter({
    history: createWebHashHistory(),
    routes: [
        { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignIn.vue'), meta: { public: true } },
        { path: '/', name: 'home', component: () => import('./views/Home.vue'), meta: { tab: 'home' } },
        { path: '/bind', name: 'bind', component: () => import('./views/BindAccount.vue') },
        { path: '/accounts/:id', name: 'account', component: () => import('./views/AccountDetails.vue'), props: true },
        { path: '/accounts/:id/equipment', name: 'equipment', component: () => import('./views/Equipment.vue'), props: true },
        { path: '/accounts/:id/usage', name: 'usage', component: () => import('./views/Usage.vue'), props: true },
        { path: '/accounts/:id/payments', name: 'payments', component: () => import('./views/Payments.vue'), props: true },
        { path: '/accounts/:id/pay', name: 'pay', component: () => import('./views/PayOrder.vue'), props: true },
        { path: '/pay', name: 'pay-all', component: () => import('./views/PayAll.vue') },
        { path: '/orders/:orderNumber', name: 'order', component: () => import('./views/OrderResult.vue'), props: true },
        { path: '/accounts/:id/bills', name: 'bills', component: () => import('./views/Bills.vue'), props: true },
        { path: '/bills/:billId', name: 'bill', component: () => import('./views/BillDetail.vue'), props: true },
        { path: '/accounts/:id/contact', name: 'contact', component: () => import('./views/ContactChange.vue'), props: true },
        { path: '/service-password', name: 'service-password', component: () => import('./views/ServicePassword.vue') },
        { path: '/outages', name: 'outages', component: () => import('./views/Outages.vue') },
        { path: '/outlets', name: 'outlets', component: () => import('./views/Outlets.vue') },
        { path: '/points', name: 'points', component: () => import('./views/Points.vue') },
        { path: '/guide', name: 'guide', component: () => import('./views/PaymentGuide.vue') },
        { path: '/outages/subscriptions', name: 'subscriptions', component: () => import('./views/Subscriptions.vue') },
        { path: '/repairs', name: 'repairs', component: () => import('./views/Repairs.vue') },
        { path: '/repairs/self-check', name: 'self-check', component: () => import('./views/SelfCheck.vue') },
        { path: '/repairs/new', name: 'report-fault', component: () => import('./views/ReportFault.vue') },
        { path: '/repairs/jobs/:jobId', name: 'repair-job', component: () => import('./views/RepairJob.vue'), props: true },
        { path: '/repairs/teams', name: 'repair-teams', component: () => import('./views/Teams.vue') },
        { path: '/messages', name: 'messages', component: () => import('./views/Messages.vue'), meta: { tab: 'messages' } },
        { path: '/preferences', name: 'preferences', component: () => import('./views/Preferences.vue') },
        { path: '/me', name: 'me', component: () => import('./views/MePage.vue'), meta: { tab: 'me' } },
        { path: '/:rest(.*)*', redirect: '/' },
    ],
})

router.beforeEach(async (to) => {
    if (to.meta.public) return true
    if (!session.loaded) {
        try {
            await loadMe()
        } catch {
            // the server is unreachable: the sign-in page shows the error when used
        }
    }
    if (!session.me || session.me.kind !== 'CUSTOMER') return { name: 'sign-in', query: { next: to.fullPath } }
    return true
})

window.addEventListener('gridhall:unauthorized', () => {
    session.me = null
    if (router.currentRoute.value.name !== 'sign-in') router.replace({ name: 'sign-in' })
})
