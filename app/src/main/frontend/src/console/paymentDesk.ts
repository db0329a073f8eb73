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
