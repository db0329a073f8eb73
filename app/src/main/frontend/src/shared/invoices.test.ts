import { describe, expect, it } from 'vitest'
import { invoicesOfBill, latestRed, resendable, taxIdValid, type BillInvoice } from './invoices'

describe('taxIdValid', () => {
    it('accepts a code with its check character, in any case, trimmed', () => {
        expect(taxIdValid('91350100M000100Y43')).toBe(true)
        expect(taxIdValid(' 91350100m000100y43 ')).toBe(true)
    })
    it('refuses another check character, other lengths and letters outside the alphabet', () => {
        expect(taxIdValid('91350100M000100Y44')).toBe(false)
        expect(taxIdValid('91350100M000100Y4')).toBe(false)
        expect(taxIdValid('9135010IM000100Y43')).toBe(false)
        expect(taxIdValid('')).toBe(false)
    })
})

describe('invoicesOfBill', () => {
    const inv = (id: number, kind: 'BLUE' | 'RED', state: string, billId: number, originalId: number | null = null): BillInvoice =>
        ({ id, kind, state, billId, originalId })

    it('shows the live blue invoice of the bill, not a refused one before it nor another bill\'s', () => {
        const all = [inv(3, 'BLUE', 'ISSUED', 7), inv(2, 'BLUE', 'REFUSED', 7), inv(1, 'BLUE', 'ISSUED', 8)]
        expect(invoicesOfBill(all, 7)).toEqual({ blue: all[0], red: null })
    })
    it('shows a reversed bill\'s blue invoice with the red one that cancels it, issued or on its way', () => {
        const all = [inv(5, 'RED', 'REQUESTED', 7, 4), inv(4, 'BLUE', 'ISSUED', 7)]
        expect(invoicesOfBill(all, 7)).toEqual({ blue: all[1], red: all[0] })
        const done = [inv(5, 'RED', 'ISSUED', 7, 4), inv(4, 'BLUE', 'REVERSED', 7)]
        expect(invoicesOfBill(done, 7)).toEqual({ blue: done[1], red: done[0] })
    })
    it('leaves out a refused red invoice, and a bill without invoices has none', () => {
        const all = [inv(5, 'RED', 'REFUSED', 7, 4), inv(4, 'BLUE', 'ISSUED', 7)]
        expect(invoicesOfBill(all, 7).red).toBeNull()
        expect(invoicesOfBill(all, 9)).toEqual({ blue: null, red: null })
    })
})

describe('the console\'s red invoices', () => {
    const row = (id: number, kind: 'BLUE' | 'RED', state: string, originalId: number | null = null, retryOf: number | null = null) =>
        ({ id, kind, state, originalId, retryOf })

    it('offers to send again only the last refused red invoice of a blue one, and none while another is on its way', () => {
        const refused = [row(7, 'RED', 'REFUSED', 4, 6), row(6, 'RED', 'REFUSED', 4), row(4, 'BLUE', 'ISSUED')]
        expect(resendable(refused, refused[0])).toBe(true)
        expect(resendable(refused, refused[1])).toBe(false) // sent again already (as 7)
        expect(resendable(refused, refused[2])).toBe(false) // a blue invoice
        const onItsWay = [row(8, 'RED', 'REQUESTED', 4, 7), ...refused]
        expect(resendable(onItsWay, refused[0])).toBe(false)
        expect(latestRed(onItsWay, 4)).toBe(onItsWay[0])
        expect(latestRed(refused, 4)).toBe(refused[0])
        expect(latestRed(refused, 5)).toBeNull()
    })
})
