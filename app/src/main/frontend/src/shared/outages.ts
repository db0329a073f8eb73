/**
 * Outage notices as the console's board and the portal's page show them (issue 11). The server decides (409
 * outage-status, outage-notice-too-short); these helpers only offer the actions that can succeed and say how early
 * a planned outage must be announced.
 */

export type OutageStatus = 'DRAFT' | 'APPROVED' | 'PUBLISHED' | 'RESTORED' | 'CANCELLED'
export type OutageKind = 'PLANNED' | 'TEMPORARY' | 'FAULT'
export type OutageAction = 'edit' | 'approve' | 'publish' | 'revise' | 'cancel' | 'restore'

export interface OutageNode {
    type: string
    id: number | string
    code: string
    name: string
}

export interface Outage {
    id: number
    branchId?: number
    kind: OutageKind
    status: OutageStatus
    version: number
    cause: string
    startsAt: string
    expectedRestorationAt: string
    restoredAt?: string | null
    nodes: OutageNode[]
    affectedAccounts: number
    estimatedAccounts: number
    draftedBy?: number
    approvedBy?: number | null
    publishedAt?: string | null
}

/** What the board offers per state; the same table as the server's OutageStatus. */
const ACTIONS: Record<OutageStatus, OutageAction[]> = {
    DRAFT: ['edit', 'approve', 'cancel'],
    APPROVED: ['edit', 'publish', 'cancel'],
    PUBLISHED: ['revise', 'restore', 'cancel'],
    RESTORED: [],
    CANCELLED: [],
}

/**
 * The actions a dispatcher may take. Approval is by someone else than who drafted the outage; a fault is never a
 * draft; restoring needs the outage to have started.
 */
export function actionsFor(o: Outage, me: number | string | undefined, now: Date = new Date()): OutageAction[] {
    return (ACTIONS[o.status] ?? []).filter((a) => {
        if (a === 'approve') return me === undefined || String(o.draftedBy) !== String(me)
        if (a === 'restore') return new Date(o.startsAt).getTime() <= now.getTime()
        return true
    })
}

/** Hours of notice before the start (《电力供应与使用条例》 art. 28): 7 days planned, 24 h temporary, none for faults. */
export const NOTICE_HOURS: Record<OutageKind, number> = { PLANNED: 7 * 24, TEMPORARY: 24, FAULT: 0 }

/** The earliest start a new outage of this kind can be published for. */
export function earliestStart(kind: OutageKind, now: Date = new Date()): Date {
    return new Date(now.getTime() + NOTICE_HOURS[kind] * 3600_000)
}

/** Whether the start leaves the notice the kind needs (the server checks again when publishing). */
export function noticeMet(kind: OutageKind, startsAt: Date | string, now: Date = new Date()): boolean {
    return new Date(startsAt).getTime() >= earliestStart(kind, now).getTime()
}

/** Accounts to show: those kept once published, else the estimate below the nodes. */
export function accountsShown(o: Pick<Outage, 'affectedAccounts' | 'estimatedAccounts' | 'publishedAt'>): number {
    return o.publishedAt ? o.affectedAccounts : o.estimatedAccounts
}

/** Node names for a list cell: the first three, then "+n". */
export function placesText(nodes: Pick<OutageNode, 'name'>[], max = 3): string {
    const names = nodes.slice(0, max).map((n) => n.name)
    return nodes.length > max ? `${names.join('、')} +${nodes.length - max}` : names.join('、')
}

/** Red for a fault, amber for maintenance: the colour of an outage's places on the maps. */
export function outageColour(kind: unknown): string {
    return kind === 'FAULT' ? '#dc2626' : '#f59e0b'
}

/** The body of the draft/edit/revise requests from the form's fields. */
export function detailsBody(form: { nodes: { type: string; id: string | number }[]; cause: string; startsAt: Date | string; expectedRestorationAt: Date | string }) {
    const iso = (d: Date | string) => new Date(d).toISOString()
    const seen = new Set<string>()
    const nodes = form.nodes
        .map((n) => ({ type: n.type.toLowerCase(), id: Number(n.id) }))
        .filter((n) => {
            const key = `${n.type}:${n.id}`
            if (seen.has(key)) return false
            seen.add(key)
            return true
        })
    return { nodes, cause: form.cause.trim(), startsAt: iso(form.startsAt), expectedRestorationAt: iso(form.expectedRestorationAt) }
}
