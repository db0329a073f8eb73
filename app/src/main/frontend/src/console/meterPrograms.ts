/**
 * Sending a tariff's time-of-use calendar to the meters of a branch (下发时段/节假日到电表, issue 9): campaigns with
 * the progress of their meters' programming jobs. The page polls the campaigns' counts only while one is active; a
 * campaign's meters (failed first) are loaded a page at a time when a person opens it (`components/CampaignMeters.vue`).
 */
import type { TariffView, TariffVersionView } from './tariffs'
import { inForce } from './tariffs'

/** Where one meter of a campaign stands (a page of GET /meter-programs/{id}/meters, the failed first). */
export interface MeterOutcome {
    meterId: number
    asset: string
    accountId: number
    /** PENDING, REFUSED, or the job's command state: REQUESTED, SENT, ACKNOWLEDGED, VERIFIED, FAILED, EXPIRED, SUPERSEDED. */
    state: string
    /** VERIFIED without a write: the meter carried the program already. */
    alreadyCurrent: boolean
    /** For a failed meter: PASSWORD_ERROR_OR_UNAUTHORISED, NO_REPLY, READBACK_MISMATCH, METER_UNKNOWN, ... */
    failure?: string | null
    lastError?: string | null
    retries: number
}

/** A page of a campaign's meters: `total` in all, this page from `offset`. */
export interface MeterPage {
    total: number
    offset: number
    meters: MeterOutcome[]
}

/** The meters on one page of a campaign's meter list. */
export const METER_PAGE = 20

/** Whether a meter's job has failed (what a person acts on; the server lists these first). */
export function isFailed(m: MeterOutcome): boolean {
    return ['REFUSED', 'FAILED', 'EXPIRED', 'SUPERSEDED'].includes(m.state)
}

/** The key of a meter's state in `meterPrograms.states`: a verified meter that needed no write is ALREADY_CURRENT. */
export function stateKey(m: MeterOutcome): string {
    return m.state === 'VERIFIED' && m.alreadyCurrent ? 'ALREADY_CURRENT' : m.state
}

export interface Campaign {
    id: string
    tariffId: string
    version: number
    scheduleId: string
    branchId: number
    year: number
    activeFrom: string
    writes: number
    requestedBy: string
    requestedAt: string
    /** ENQUEUEING while its meters are being handed to the head-end in chunks, then ENQUEUED. */
    state: 'ENQUEUEING' | 'ENQUEUED'
    meters: number
    /** Meters not yet handed to the head-end. */
    pending: number
    waiting: number
    sent: number
    confirmed: number
    alreadyCurrent: number
    failed: number
}

/** The schedule a version names, if it is a time-of-use tariff. */
export function scheduleOf(version: TariffVersionView): string | undefined {
    const energy = (version.definition as { energy?: { schedule?: unknown } }).energy
    return typeof energy?.schedule === 'string' ? energy.schedule : undefined
}

/** The versions in force that name a time-of-use schedule: what can be sent to meters. */
export function programmable(tariffs: TariffView[]): { tariff: TariffView; version: TariffVersionView; schedule: string }[] {
    return tariffs.flatMap((t) =>
        inForce(t).flatMap((v) => {
            const schedule = scheduleOf(v)
            return schedule ? [{ tariff: t, version: v, schedule }] : []
        }),
    )
}

/** Meters whose job has come to an end (confirmed, already current or failed). */
export function settled(c: Campaign): number {
    return c.confirmed + c.alreadyCurrent + c.failed
}

export function percent(c: Campaign): number {
    return c.meters === 0 ? 100 : Math.floor((settled(c) * 100) / c.meters)
}

/** Still being handed over or sent: poll. */
export function isActive(c: Campaign): boolean {
    return c.state === 'ENQUEUEING' || settled(c) < c.meters
}

/** Failed meters may be sent again while the switch time is ahead (the server checks it too). */
export function canRetry(c: Campaign, now: Date): boolean {
    return c.failed > 0 && new Date(c.activeFrom) > now
}
