/** The 统一社会信用代码 (GB 32100-2015) check the server makes (`TaxIds`), so the form says so before sending. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function taxIdValid(input: string): boolean {
    const code = input.trim().toUpperCase()
    if (code.length !== 18) return false
    let sum = 0
    for (let i = 0; i < 17; i++) {
        const v = ALPHABET.indexOf(code[i])
        if (v < 0) return false
        sum += v * WEIGHTS[i]
    }
    const c = 31 - (sum % 31)
    return ALPHABET.indexOf(code[17]) === (c === 31 ? 0 : c)
}

/** What the bill's invoice panel needs of an invoice in the customer's list. */
export interface BillInvoice {
    id: number
    kind: 'BLUE' | 'RED'
    state: string
    billId: number
    originalId: number | null
}

/**
 * A bill's blue invoice to show (the live one, else the newest: refused or reversed) and the red invoice that cancels
 * it, issued or on its way (a staff correction's, or the system's when the bill was reversed). The list is newest first.
 */
export function invoicesOfBill<T extends BillInvoice>(all: T[], billId: number): { blue: T | null; red: T | null } {
    const blues = all.filter((i) => i.kind === 'BLUE' && i.billId === billId)
    const blue = blues.find((i) => i.state !== 'REFUSED' && i.state !== 'REVERSED') ?? blues[0] ?? null
    const red = blue ? all.find((i) => i.kind === 'RED' && i.originalId === blue.id && i.state !== 'REFUSED') ?? null : null
    return { blue, red }
}

/** What the console's list needs of an invoice to tell a red invoice's fate. */
export interface ListedInvoice {
    id: number
    kind: 'BLUE' | 'RED'
    state: string
    originalId: number | null
    retryOf: number | null
}

/** The newest red invoice for a blue one in a list (newest first): how its cancellation stands. */
export function latestRed<T extends ListedInvoice>(all: T[], blueId: number): T | null {
    return all.find((i) => i.kind === 'RED' && i.originalId === blueId) ?? null
}

/**
 * Whether staff may send a refused red invoice again: refused, not sent again already, and no other red invoice for its
 * blue one on its way or issued (the server checks the same and that the blue one is still issued).
 */
export function resendable<T extends ListedInvoice>(all: T[], row: T): boolean {
    if (row.kind !== 'RED' || row.state !== 'REFUSED') return false
    if (all.some((i) => i.retryOf === row.id)) return false
    return !all.some((i) => i.kind === 'RED' && i.originalId === row.originalId && i.state !== 'REFUSED')
}
