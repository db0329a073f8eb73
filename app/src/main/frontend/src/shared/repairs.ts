/** Repair jobs as the portal, the console and the crew's phone show them (OUT-3..OUT-6). */

export type RepairStatus = 'OPEN' | 'DISPATCHED' | 'ACCEPTED' | 'DEPARTED' | 'ARRIVED' | 'REPAIRED' | 'REFERRED' | 'CANCELLED'

export interface RepairStep {
    seq: number
    status: RepairStatus
    crew?: string | null
    team?: string | null
    note?: string | null
    at: string
}

export interface RepairJob {
    id: number | string
    branchId: { value: number | string } | number | string
    status: RepairStatus
    skill: string
    place: string
    lat: number | string
    lon: number | string
    serviceArea: 'CITY' | 'COUNTRYSIDE' | 'REMOTE'
    firstReportedAt: string
    arriveBy: string
    crewId?: number | string | null
    crewName?: string | null
    teamId?: number | string | null
    teamName?: string | null
    arrivedAt?: string | null
    closedAt?: string | null
    reports: number
    breached: boolean
    steps: RepairStep[]
    reporters?: RepairReport[]
}

export interface RepairReport {
    id: number | string
    jobId?: number | string | null
    outageId?: number | string | null
    supplyAccountId?: number | string | null
    channel: string
    description: string
    occurredAt: string
    reportedAt: string
    callerPhoneMasked?: string | null
    photoIds: (number | string)[]
}

export interface CrewView {
    id: number | string
    name: string
    skills: string[]
    shiftStart: string
    shiftEnd: string
    onShift: boolean
    lat?: number | string | null
    lon?: number | string | null
    positionAt?: string | null
    jobId?: number | string | null
    averageStars?: number | string | null
    ratings: number
}

export interface TeamView {
    id: number | string
    name: string
    qualifications: string[]
    areas: string[]
    contactName: string
    contactPhone: string
    averageStars?: number | string | null
    ratings: number
}

/** The finished states: nothing more happens to the job. */
export const CLOSED: RepairStatus[] = ['REPAIRED', 'REFERRED', 'CANCELLED']

/** The next steps a crew can record from a state, in the order of the table in RepairStatus.java. */
export function nextCrewSteps(status: RepairStatus): RepairStatus[] {
    switch (status) {
        case 'DISPATCHED': return ['ACCEPTED']
        case 'ACCEPTED': return ['DEPARTED']
        case 'DEPARTED': return ['ARRIVED']
        case 'ARRIVED': return ['REPAIRED', 'REFERRED']
        default: return []
    }
}

/**
 * The service-commitment clock of a job at `now`: minutes left before the arrival deadline (negative: overdue), or,
 * once the crew arrived, how late it was (0 or more). Null for jobs that need no crew.
 */
export function arrivalClock(job: Pick<RepairJob, 'status' | 'arriveBy' | 'arrivedAt'>, now: number):
    { kind: 'left' | 'overdue' | 'late' | 'onTime', minutes: number } | null {
    if (job.status === 'REFERRED' || job.status === 'CANCELLED') return null
    const deadline = new Date(job.arriveBy).getTime()
    if (job.arrivedAt) {
        const late = Math.ceil((new Date(job.arrivedAt).getTime() - deadline) / 60000)
        return late > 0 ? { kind: 'late', minutes: late } : { kind: 'onTime', minutes: 0 }
    }
    const left = Math.floor((deadline - now) / 60000)
    return left >= 0 ? { kind: 'left', minutes: left } : { kind: 'overdue', minutes: -left }
}

/** A new key for one intent to report (kept across retries of that intent). */
export function reportKey(): string {
    return `repair-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

/** Metres to kilometres with one decimal, the way the board shows distances. */
export function km(metres: number | string): string {
    return (Number(metres) / 1000).toFixed(1)
}
