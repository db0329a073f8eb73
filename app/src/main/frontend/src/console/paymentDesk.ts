/** The payment desk's back-office views: penalty waivers (PAY-10) and till close, as the server answers them. */
import type { PaymentChannel } from '@/api'

export type WaiverStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED'

export interface WaivablePenalty {
    postingId: number
    day: string
    postedAt: string
    amount: number
}

export interface PenaltyWaiver {
    waiverId: number
    accountId: number
    accountNumber?: string
    accountName?: string
    penaltyPostings: number[]
    amount: number
    reason: string
    requestedBy: string
    requestedAt: string
    status: WaiverStatus
    decidedBy?: string
    decidedAt?: string
    decisionNote?: string
}

export interface TillChannel {
    channel: PaymentChannel
    payments: number
    paymentsTotal: number
    other: number
    expected: number
}

export interface TillClosed {
    day: string
    clerk: string
    cashExpected: number
    cashCounted: number
    cashDifference: number
    cardExpected: number
    cardCounted: number
    cardDifference: number
    payments: number
    reason?: string
    closedAt: string
}

export interface TillView {
    day: string
    clerk: string
    channels: TillChannel[]
    receipts: { postingId: number; receiptNumber?: string; postedAt: string; channel?: PaymentChannel; amount: number }[]
    closed?: TillClosed | null
}

/** An amount counted: zero or more yuan with at most two decimals (the server's pattern). */
export function countable(text: string): boolean {
    return /^[0-9]{1,10}(\.[0-9]{1,2})?$/.test(text.trim())
}

/** Counted minus expected, exactly through fen, as yuan text with two decimals. */
export function difference(counted: string, expected: number): string {
    const fen = Math.round(Number(counted.trim()) * 100) - Math.round(expected * 100)
    return (fen / 100).toFixed(2)
}

export interface RefundRequest {
    refundId: number
    accountId: number
    accountNumber?: string
    accountName?: string
    kind: 'CREDIT' | 'PAYMENT'
    paymentPostingId?: number
    amount: number
    channel: PaymentChannel
    reason: string
    requestedBy: string
    requestedAt: string
    status: WaiverStatus
    decidedBy?: string
    decidedAt?: string
    decisionNote?: string
    postingId?: number
    /** What the approver approved (at most what was asked); set once approved. */
    approvedAmount?: number
}

/** What is wrong with an approval's amount and note, as the server would say, or null. */
export type ApprovalProblem = 'amountInvalid' | 'aboveAsked' | 'noteRequired'

/**
 * Checks an approval as the server does: a payable amount (above zero, two decimals), at most what was asked, and a
 * meaningful note when it is less; compared through fen, without binary fractions.
 */
export function approvalProblem(asked: number, amount: string, note: string,
    meaningful: (s: string) => boolean): ApprovalProblem | null {
    const s = amount.trim()
    if (!/^[0-9]{1,10}(\.[0-9]{1,2})?$/.test(s) || Number(s) <= 0) return 'amountInvalid'
    const fen = Math.round(Number(s) * 100)
    const askedFen = Math.round(asked * 100)
    if (fen > askedFen) return 'aboveAsked'
    if (fen < askedFen && !meaningful(note)) return 'noteRequired'
    return null
}

export interface VoucherBatch {
    batchId: number
    name: string
    value: number
    expiresOn: string
    codes: number
    redeemed: number
    createdBy: string
    createdAt: string
}

/** A batch's codes as CSV, the only copy there will be: one code per line with the batch, value and expiry. */
export function voucherCsv(batch: VoucherBatch, codes: string[]): string {
    const rows = codes.map((c) => [batch.batchId, c, batch.value.toFixed(2), batch.expiresOn].join(','))
    return ['batch,code,value,expires_on', ...rows].join('\r\n') + '\r\n'
}

/** A partner bank that withholds (代扣). */
export interface WithholdingBank {
    code: string
    nameZh: string
    nameEn: string
}

/** A withholding agreement (代扣协议) of a supply account; name and bank account come masked. */
export interface WithholdingAgreement {
    agreementId: number
    accountId: number
    bankCode: string
    holderName: string
    bankAccount: string
    signedOn: string
    state: 'ACTIVE' | 'CANCELLED'
    createdBy: string
    createdAt: string
    cancelledBy: string | null
    cancelledAt: string | null
    cancelReason: string | null
}

/** One file to a bank for a branch and month; SENT until its return file is processed. */
export interface WithholdingBatch {
    batchId: number
    batchNumber: string
    branchId: number
    bankCode: string
    month: string
    state: 'SENT' | 'RETURNED'
    rows: number
    total: number
    createdBy: string
    createdAt: string
    returnedAt: string | null
    succeeded: number | null
    succeededTotal: number | null
    failed: number | null
    failedTotal: number | null
}

export type WithholdingResult =
    | 'SUCCESS'
    | 'INSUFFICIENT_FUNDS'
    | 'ACCOUNT_CLOSED'
    | 'AGREEMENT_NOT_FOUND'
    | 'HOLDER_NAME_MISMATCH'
    | 'ACCOUNT_FROZEN'
    | 'OTHER'

export interface WithholdingRow {
    seq: number
    accountId: number
    accountNumber: string
    holderName: string
    bankAccount: string
    amount: number
    resultCode: string | null
    result: WithholdingResult | null
    postingId: number | null
}

/** The bank's name in the UI's language, or its code when unknown. */
export function bankName(banks: WithholdingBank[], code: string, english: boolean): string {
    const bank = banks.find((b) => b.code === code)
    return bank ? (english ? bank.nameEn : bank.nameZh) : code
}

/** The month before the given day's month, as yyyy-MM: the month a file collects by default. */
export function previousMonth(today: Date): string {
    const d = new Date(today.getFullYear(), today.getMonth() - 1, 1)
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}
