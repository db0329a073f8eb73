/**
 * The console's billing pages (runs, the review queue, a bill's trace) against `/api/v1/billing`: the run's
 * progress as a bar and a sentence, and what a clerk may do with a bill in each state.
 */
import { amount } from '@/shared/bills'

export interface BillingRun {
    id: number
    branchId: number
    periodFrom: string
    periodTo: string
    status: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | string
    requestedBy: string
    requestedAt: string
    startedAt?: string | null
    finishedAt?: string | null
    releasedAt?: string | null
    accounts?: number | null
    chunks: number
    chunksDone: number
    bills: number
    pendingAudit: number
    auditPassed: number
    held: number
    issued: number
    skipped: number
    billsPerSecond?: number | string | null
    secondsLeft?: number | null
    lastError?: string | null
}

/** A bill as the staff endpoints answer it (the facade's view: money a number of yuan, energy a number of kWh). */
export interface StaffBill {
    id: number
    supplyAccountId: number
    accountNumber: string
    branchId: number
    type: 'REGULAR' | 'REVERSAL' | 'REBILL'
    status: string
    billNumber?: string | null
    periodFrom: string
    periodTo: string
    issuedOn?: string | null
    dueOn?: string | null
    energy: number | string
    total: number
    estimated: boolean
    tariffId: string
    tariffVersion: number
    reverses?: number | null
    correctionReason?: string | null
    correctedBy?: string | null
    auditFindings: string[]
    lines: {
        lineNo: number
        code: string
        quantity?: number | string | null
        unit: string
        price?: number | string | null
        amount: number
        explanation?: { tariffId: string; tariffVersion: number; formula: string; sources: Record<string, unknown>[] } | null
    }[]
}

export interface Trace {
    bill: StaffBill
    findings: { code: string; detail: string }[]
    decisions: { action: string; reason: string; decidedBy: string; decidedAt: string; newBill?: number }[]
    run?: BillingRun | null
    related: Record<string, number[]>
}

export function isActive(run: BillingRun): boolean {
    return run.status === 'QUEUED' || run.status === 'RUNNING'
}

/**
 * How far a run is, percent: accounts billed or skipped out of the accounts planned; chunks when the accounts are
 * not known yet; 100 once completed.
 */
export function runPercent(run: BillingRun): number {
    if (run.status === 'COMPLETED') return 100
    const accounts = run.accounts ?? 0
    if (accounts > 0) return clamp(Math.floor(((run.bills + run.skipped) / accounts) * 100))
    if (run.chunks > 0) return clamp(Math.floor((run.chunksDone / run.chunks) * 100))
    return 0
}

/** 0:42, 12:05, 1:02:03 — the estimated time left, or null when the API does not know it. */
export function timeLeft(seconds: number | null | undefined): string | null {
    if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null
    const s = Math.round(seconds)
    const h = Math.floor(s / 3600)
    const m = Math.floor((s % 3600) / 60)
    const r = String(s % 60).padStart(2, '0')
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`
}

/** Bills per second, one decimal. */
export function pace(run: BillingRun): string | null {
    const v = amount(run.billsPerSecond)
    return v === null ? null : (Math.round(v * 10) / 10).toFixed(1)
}

/** Whether a run can be released: completed, and bills passed the audit or were approved since. */
export function canRelease(run: BillingRun): boolean {
    return run.status === 'COMPLETED' && run.auditPassed > 0
}

export type Action = 'APPROVE' | 'HOLD' | 'RECALCULATE'

/** What a clerk may decide about a bill in its state (the server's transition table has the last word). */
export function actionsFor(status: string): Action[] {
    switch (status) {
        case 'HELD':
            return ['APPROVE', 'RECALCULATE']
        case 'AUDIT_PASSED':
            return ['HOLD']
        default:
            return []
    }
}

/** Whether an issued bill can be reversed (and rebilled): issued, and not itself a reversal. */
export function canReverse(bill: Pick<StaffBill, 'status' | 'type'>): boolean {
    return bill.status === 'ISSUED' && bill.type !== 'REVERSAL'
}

function clamp(p: number): number {
    return Math.max(0, Math.min(100, p))
}
