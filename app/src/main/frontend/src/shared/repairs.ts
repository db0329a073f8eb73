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
    branchId: number
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
    phoneMasked?: string | null
}

export const CREW_SKILLS = ['LOW_VOLTAGE', 'MEDIUM_VOLTAGE', 'CABLE', 'METER'] as const

/** What the crew form edits; coordinates and the phone as typed. */
export interface CrewForm {
    name: string
    skills: string[]
    shiftStart: string
    shiftEnd: string
    phone: string
    baseLat: string
    baseLon: string
}

/**
 * The body of POST /repairs/crews or PUT /repairs/crews/{id}: an empty phone keeps an edited crew's phone (the form
 * never sees it unmasked) and gives a new crew none; an empty position leaves the position as it is.
 */
export function crewBody(branch: string, f: CrewForm, editing: Pick<CrewView, 'id'> | null) {
    const coordinate = (v: string) => (v.trim() === '' ? null : Number(v.trim()))
    const phone = f.phone.trim()
    return {
        branchId: branch,
        name: f.name.trim(),
        skills: [...f.skills],
        shiftStart: f.shiftStart,
        shiftEnd: f.shiftEnd,
        phone: phone === '' ? null : phone,
        baseLat: coordinate(f.baseLat),
        baseLon: coordinate(f.baseLon),
        ...(editing ? {} : { members: [] }),
    }
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

/** A fault report's photos as the server checks them (Repairs.MAX_PHOTOS, MAX_PHOTO_BYTES; the type by the bytes). */
export const PHOTO_LIMITS = { count: 3, bytes: 5 * 1024 * 1024, accept: 'image/jpeg,image/png' } as const

/** Why a chosen file cannot go with a report: not JPEG or PNG by its type, or over 5 MB; null when it can. */
export function photoProblem(file: { type: string, size: number }): 'type' | 'size' | null {
    if (!PHOTO_LIMITS.accept.split(',').includes(file.type)) return 'type'
    if (file.size > PHOTO_LIMITS.bytes) return 'size'
    return null
}

/** A point typed or clicked on a map: two numbers within WGS-84's range, or null. */
export function typedPoint(lat: string | number, lon: string | number): { lat: number, lon: number } | null {
    const blank = (v: string | number) => typeof v === 'string' && v.trim() === ''
    if (blank(lat) || blank(lon)) return null
    const la = Number(lat)
    const lo = Number(lon)
    if (!Number.isFinite(la) || !Number.isFinite(lo) || Math.abs(la) > 90 || Math.abs(lo) > 180) return null
    return { lat: la, lon: lo }
}

/** The multipart body of a fault report (portal or staff): part `report` as JSON and up to 3 parts `photos`. */
export function reportForm(report: Record<string, unknown>, photos: File[]): FormData {
    const form = new FormData()
    form.append('report', new Blob([JSON.stringify(report)], { type: 'application/json' }))
    for (const p of photos.slice(0, PHOTO_LIMITS.count)) form.append('photos', p)
    return form
}
