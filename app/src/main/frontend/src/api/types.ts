/** Shapes of the GridHall REST API as the front end uses them. Unknown extra fields are ignored. */

export type ActorKind = 'CUSTOMER' | 'STAFF'

export interface Me {
    userId: string
    kind: ActorKind
    displayName: string
    roles: string[]
    branches: string[]
    permissions: string[]
}

export interface OtpSent {
    sentTo?: string
    expiresInSeconds: number
    resendAfterSeconds?: number
}

export interface StaffSignInStep {
    secondFactor?: string
}

/** A page of results as Spring returns it, or a bare list. */
export interface Page<T> {
    content?: T[]
    items?: T[]
    totalElements?: number
    total?: number
    page?: { totalElements?: number; number?: number; size?: number }
    number?: number
    size?: number
}

export type ListOrPage<T> = T[] | Page<T>

export function itemsOf<T>(value: ListOrPage<T> | null | undefined): T[] {
    if (!value) return []
    if (Array.isArray(value)) return value
    return value.content ?? value.items ?? []
}

export function totalOf<T>(value: ListOrPage<T> | null | undefined): number {
    if (!value) return 0
    if (Array.isArray(value)) return value.length
    return value.totalElements ?? value.total ?? value.page?.totalElements ?? itemsOf(value).length
}

export interface PortalAccount {
    id: string
    accountNumber: string
    accountName?: string
    name?: string
    address?: string
    branchName?: string
    branch?: string
    category?: string
    status?: string
    [key: string]: unknown
}

export interface GridNode {
    type: string
    id: string
    name?: string
    number?: string
    code?: string
    status?: string
    childCount?: number
    children?: number
    accountCount?: number
    customerCount?: number
    parentType?: string
    parentId?: string
    [key: string]: unknown
}

export interface PortalMessage {
    id: string
    title?: string
    subject?: string
    body?: string
    text?: string
    createdAt?: string
    sentAt?: string
    read?: boolean
    readAt?: string | null
}

export interface CustomerSummary {
    id: string
    name?: string
    type?: string
    accountNumber?: string
    accountNumbers?: string[]
    phone?: string
    address?: string
    branch?: string
    branchName?: string
    status?: string
    [key: string]: unknown
}

export interface StaffMember {
    id?: string
    userId?: string
    username: string
    displayName?: string
    roles?: string[]
    branches?: string[]
    enabled?: boolean
    active?: boolean
    [key: string]: unknown
}

export interface AuditEntry {
    id?: string | number
    seq?: number | null
    /** committed but not chained yet (no seq, no hash) */
    pending?: boolean
    at?: string
    occurredAt?: string
    createdAt?: string
    actor?: string
    actorName?: string
    userId?: string
    action?: string
    objectType?: string
    objectId?: string
    details?: unknown
    [key: string]: unknown
}

// ---- payment (ADR 0012): amounts are yuan with two decimals ----

export type PaymentChannel = 'CASH' | 'CARD' | 'GATEWAY' | 'BANK' | 'VOUCHER' | 'AGENT'

export interface LedgerBalance {
    accountId: number
    receivable: number
    prepaid: number
    /** credit minus arrears: negative when the customer owes */
    net: number
    version: number
}

/** An account the portal customer may pay, with what it owes and holds (PAY-8). */
export interface AccountOwes {
    accountId: number
    accountNumber: string
    accountName: string
    branchId: number
    balance: LedgerBalance
}

export interface LedgerOpenItem {
    itemId: number
    kind: 'BILL' | 'PENALTY' | 'ADJUSTMENT'
    billId?: number
    billNumber?: string
    periodFrom?: string
    periodTo?: string
    dueOn: string
    amount: number
    open: number
}

export interface LedgerLine {
    postingId: number
    version: number
    kind: string
    channel?: PaymentChannel
    /** the gateway an online payment came through (or a refund went back through) */
    gateway?: Gateway
    postedAt: string
    book: 'RECEIVABLE' | 'PREPAID'
    billNumber?: string
    reference?: string
    reason?: string
    /** who posted it: the clerk, the member of staff, a refund's approver; none for what arrived by itself */
    postedBy?: string
    amount: number
    balanceAfter: number
    /** reward points the posting earned this account, net of any taken back (PAY-1) */
    points?: number
}

export interface AccountStatement {
    accountId: number
    accountNumber: string
    accountName: string
    balance: LedgerBalance
    openItems: LedgerOpenItem[]
    lines: LedgerLine[]
}

export interface ReceiptAccount {
    accountId: number
    accountNumber?: string
    accountName?: string
    amount: number
    settled: { billId?: number; billNumber?: string; amount: number }[]
    credit: number
    receivableAfter: number
    prepaidAfter: number
}

export interface CounterReceipt {
    receiptNumber: string
    postingId: number
    channel: PaymentChannel
    postedAt: string
    businessDate: string
    clerk?: string
    total: number
    accounts: ReceiptAccount[]
}

/** An online payment gateway (ADR 0016). */
export type Gateway = 'WECHAT' | 'ALIPAY' | 'UNIONPAY' | 'EPAY'

export type OrderState = 'CREATED' | 'PAID' | 'CLOSED' | 'UNKNOWN'

export interface PaymentOrderLine {
    accountId: number
    /** the account's number (户号) while the customer may pay it */
    accountNumber?: string
    amount: number
    bills: number[]
    settled: { billId?: number; billNumber?: string; amount: number }[]
    credit: number
}

/** A portal customer's payment order; {@code qrCode} is the gateway's code as an image while it can be paid. */
export interface PaymentOrder {
    orderNumber: string
    kind: 'PAYMENT' | 'TOP_UP'
    gateway: Gateway
    amount: number
    state: OrderState
    createdAt: string
    expiresAt: string
    paidAt?: string
    closedAt?: string
    transactionId?: string
    qrCode?: string
    lines: PaymentOrderLine[]
}

/** What the simulated cashier (demo only) shows. */
export interface SimulatedCashier {
    gateway: Gateway
    orderNumber: string
    amount: number
    state: 'NOT_PAID' | 'PAID' | 'CLOSED'
}
