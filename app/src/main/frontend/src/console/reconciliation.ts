// The morning reconciliation of the gateways' bills (ADR 0018): what the console shows and which action fits which kind.

export type Gateway = 'WECHAT' | 'ALIPAY' | 'UNIONPAY' | 'EPAY'
export type DiscrepancyKind = 'MISSING_AT_US' | 'MISSING_AT_GATEWAY' | 'DUPLICATE' | 'AMOUNT_MISMATCH' | 'ORDER_MISMATCH'
export type Resolution = 'CREDITED' | 'REFUNDED_AT_GATEWAY' | 'ACCEPTED'

export interface ReconciliationRun {
    runId: number
    gateway: Gateway
    day: string
    state: 'OPEN' | 'DONE'
    attempts: number
    lastError: string | null
    completedAt: string | null
    nextAttemptAt: string | null
    matched: number | null
    gatewayLines: number | null
    gatewaySum: number | null
    ourCount: number | null
    ourSum: number | null
    ledgerSum: number | null
    sumsAgree: boolean
    open: number
    resolved: number
    /**
     * Whether the counts and sums are of the viewer's branches (staff of some branches; null figures for a day
     * reconciled before they were kept by branch), not the whole bill's.
     */
    ofBranches: boolean
}

/** A line of a gateway's bill as the gateway wrote it (a refund's amount negative), as the viewer may see it. */
export interface BillLine {
    runId: number
    lineNo: number
    transactionId: string
    orderNumber: string
    refundNumber: string | null
    amount: number
    completedAt: string
    matched: boolean
}

export interface Discrepancy {
    discrepancyId: number
    runId: number
    gateway: Gateway
    day: string
    kind: DiscrepancyKind
    transactionId: string
    orderNumber: string | null
    ourOrderNumber: string | null
    gatewayAmount: number | null
    ourAmount: number | null
    ledgerAmount: number | null
    completedAt: string | null
    /** Our refund number when the line is a refund (its transaction is the refunded payment's). */
    refundNumber: string | null
    open: boolean
    resolution: Resolution | null
    note: string | null
    resolvedBy: string | null
    resolvedAt: string | null
    postingId: number | null
}

/**
 * The actions a person may take on a discrepancy of this kind (the server checks the same rule): a refund the gateway
 * made and we have not cannot be credited, only marked refunded at the gateway.
 */
export function actionsFor(kind: DiscrepancyKind, refundNumber: string | null = null): Resolution[] {
    if (kind !== 'MISSING_AT_US') return ['ACCEPTED']
    return refundNumber ? ['REFUNDED_AT_GATEWAY'] : ['CREDITED', 'REFUNDED_AT_GATEWAY']
}

/** An amount in yuan, or a dash where a side does not have the transaction. */
export function yuan(value: number | null | undefined): string {
    return value === null || value === undefined ? '—' : value.toFixed(2)
}

/** The day before a date in Beijing time, as yyyy-MM-dd: the default day to reconcile. */
export function yesterday(now: Date = new Date()): string {
    const beijing = new Date(now.getTime() + 8 * 3600_000)
    beijing.setUTCDate(beijing.getUTCDate() - 1)
    return beijing.toISOString().slice(0, 10)
}
