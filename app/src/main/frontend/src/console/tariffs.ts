/**
 * The tariff catalogue page (issue 9): tariffs with their versions from the tariff pack, approved in the console,
 * or drafted and waiting for a second person's approval (maker-checker).
 */

import { pendingDraft, readJsonObject, type NotAnObject, type SignedVersion } from './makerChecker'

export interface TariffVersionView extends SignedVersion {
    effectiveFrom: string
    effectiveTo?: string | null
    source?: string
    /** The version in the tariff pack's format (docs/tariff-pack.md). */
    definition: Record<string, unknown>
}

export interface TariffView {
    id: string
    name: string
    region: string
    customerClass: string
    voltage: string
    category: string
    versions: TariffVersionView[]
}

/** The tariff's draft waiting for approval, if any. */
export function openDraft(tariff: TariffView): TariffVersionView | undefined {
    return pendingDraft(tariff.versions)
}

/** The versions that bill (from the pack or approved), oldest first. */
export function inForce(tariff: TariffView): TariffVersionView[] {
    return tariff.versions.filter((v) => v.status === 'PACK' || v.status === 'APPROVED')
}

/** The version in force on {@code day} (YYYY-MM-DD), if any. */
export function versionOn(tariff: TariffView, day: string): TariffVersionView | undefined {
    return inForce(tariff).find((v) => v.effectiveFrom <= day && (!v.effectiveTo || day <= v.effectiveTo))
}

function nextDay(day: string): string {
    const d = new Date(`${day}T00:00:00Z`)
    d.setUTCDate(d.getUTCDate() + 1)
    return d.toISOString().slice(0, 10)
}

/** The first day a new version may start: after today and after the latest version's start (as the server checks). */
export function earliestStart(tariff: TariffView, today: string): string {
    const latest = inForce(tariff).reduce((m, v) => (v.effectiveFrom > m ? v.effectiveFrom : m), today)
    return nextDay(latest)
}

/** A new draft to edit: the latest version's definition, starting on the earliest day allowed, without a source. */
export function draftTemplate(tariff: TariffView, today: string): string {
    const versions = inForce(tariff)
    const latest = versions[versions.length - 1]
    const definition: Record<string, unknown> = { ...(latest?.definition ?? {}) }
    delete definition.effectiveTo
    definition.effectiveFrom = earliestStart(tariff, today)
    definition.source = ''
    return JSON.stringify(definition, null, 2)
}

/** Parses the draft text: the object to submit, or where it is not JSON (see readJsonObject). */
export function parseDraft(text: string): { value: Record<string, unknown> } | NotAnObject {
    return readJsonObject(text)
}
