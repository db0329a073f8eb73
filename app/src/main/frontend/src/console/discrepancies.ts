// What a reconciliation finds and a person resolves, the same for the gateways' bills (ADR 0018) and the collection
// agents' files (ADR 0020): the kinds, the sides' amounts, the resolution with its note.
import type { Ref } from 'vue'
import type { DiscrepancyKind } from './reconciliation'

/** A list of discrepancies as the server answers it: filtered to the viewer's branches, then cut at its limit. */
export interface Listed<T> {
    items: T[]
    /** Whether there were more than the list holds. */
    truncated: boolean
}

/** The rows of a list the server may have cut, telling `truncated` whether it did (for the page to say so). */
export async function listed<T>(answer: Promise<Listed<T>>, truncated: Ref<boolean>): Promise<T[]> {
    const list = await answer
    truncated.value = list.truncated
    return list.items
}

export interface DiscrepancyRow {
    discrepancyId: number
    kind: DiscrepancyKind
    ourAmount: number | null
    ledgerAmount: number | null
    open: boolean
    resolution: string | null
    note: string | null
    resolvedBy: string | null
    resolvedAt: string | null
}
