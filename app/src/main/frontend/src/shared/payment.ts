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
