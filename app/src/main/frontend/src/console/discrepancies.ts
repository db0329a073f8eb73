// What a reconciliation finds and a person resolves, the same for the gateways' bills (ADR 0018) and the collection
// agents' files (ADR 0020): the kinds, the sides' amounts, the resolution with its note.
import type { DiscrepancyKind } from './reconciliation'

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
