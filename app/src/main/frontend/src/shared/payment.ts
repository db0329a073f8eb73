/** Payment helpers (counter and portal): yuan as typed, checked as the server checks them (two decimals, above zero). */

export const YUAN = /^[0-9]{1,10}(\.[0-9]{1,2})?$/

/** Whether a typed amount is a payable amount of yuan. */
export function payable(text: string): boolean {
    const s = text.trim()
    return YUAN.test(s) && Number(s) > 0
}

/** Sums yuan amounts exactly, through fen. */
export function sumYuan(amounts: number[]): string {
    const fen = amounts.reduce((sum, a) => sum + Math.round(a * 100), 0)
    return (fen / 100).toFixed(2)
}

/** A new key for one intent to pay; kept across retries of that intent, replaced after it succeeded. */
export function newIntentKey(): string {
    return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`
}

/** What the page that pays several accounts needs of each (PAY-8). */
export interface Owing {
    accountId: number
    receivable: number
}

/** The accounts ticked at first: every one that owes something. */
export function owingAccounts(accounts: Owing[]): number[] {
    return accounts.filter((a) => Math.round(a.receivable * 100) > 0).map((a) => a.accountId)
}

/**
 * One order line per ticked account, in the order listed, with the amount typed for it (the settling of its oldest
 * items first is the server's); null when a ticked account has no payable amount.
 */
export function orderLines(accounts: Owing[], ticked: number[], amounts: Record<number, string>):
    { accountId: number; amount: string; bills: number[] }[] | null {
    const lines = accounts
        .filter((a) => ticked.includes(a.accountId))
        .map((a) => ({ accountId: a.accountId, amount: (amounts[a.accountId] ?? '').trim(), bills: [] as number[] }))
    if (lines.length === 0 || lines.some((l) => !payable(l.amount))) return null
    return lines
}
