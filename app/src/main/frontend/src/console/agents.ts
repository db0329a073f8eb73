// Collection agents (代收, ADR 0020): what the console shows of them and which action fits which discrepancy.
import type { DiscrepancyKind } from './reconciliation'

export type AgentResolution = 'CREDITED' | 'REVERSED' | 'ACCEPTED'

export interface Agent {
    agentCode: string
    name: string
    keyFingerprint: string
    enabled: boolean
    createdAt: string
}

export interface AgentDay {
    day: string
    paid: number
    paidSum: number
    reversed: number
    reversedSum: number
    /** The day's file: its counts and sums (of every branch) only for staff of all branches. */
    reconciliation: {
        receivedAt: string
        lines?: number
        agentSum?: number
        ourCount?: number
        ourSum?: number
        ledgerSum?: number
        matched?: number
        sumsAgree: boolean
    } | null
}

export interface AgentDiscrepancy {
    discrepancyId: number
    agentCode: string
    day: string
    kind: DiscrepancyKind
    serial: string
    accountNumber: string | null
    agentAmount: number | null
    ourAmount: number | null
    ledgerAmount: number | null
    open: boolean
    resolution: AgentResolution | null
    note: string | null
    resolvedBy: string | null
    resolvedAt: string | null
}

/** The actions a person may take on a discrepancy of this kind (the server checks the same rule). */
export function agentActionsFor(kind: DiscrepancyKind): AgentResolution[] {
    if (kind === 'MISSING_AT_US') return ['CREDITED', 'ACCEPTED']
    if (kind === 'MISSING_AT_GATEWAY') return ['REVERSED', 'ACCEPTED']
    return ['ACCEPTED']
}

/** An agent code as the server takes it: 3 to 16 capital letters or digits. */
export function isAgentCode(code: string): boolean {
    return /^[A-Z0-9]{3,16}$/.test(code)
}

/** The fingerprint in groups of four, easier to read aloud to the agent on the phone. */
export function groupedFingerprint(f: string): string {
    return f.replace(/(.{4})(?=.)/g, '$1 ')
}
