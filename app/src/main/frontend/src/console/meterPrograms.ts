/**
 * Sending a tariff's time-of-use calendar to the meters of a branch (下发时段/节假日到电表, issue 9): campaigns with
 * the progress of their meters' programming jobs.
 */
import type { TariffView, TariffVersionView } from './tariffs'
import { inForce } from './tariffs'

export interface MeterOutcome {
    meterId: number
    asset: string
    accountId: number
    state: string
    /** PASSWORD_ERROR_OR_UNAUTHORISED, NO_REPLY, READBACK_MISMATCH, ... */
    failure: string
    lastError?: string | null
    retries: number
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
    failures: MeterOutcome[]
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
