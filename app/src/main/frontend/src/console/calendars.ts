/**
 * The holiday calendar page (issue 9): each year of the region's calendar with its versions (from the tariff pack,
 * approved here, the open draft), entered or imported by one member of staff and approved by another.
 */

import { pendingDraft, readJsonObject, type NotAnObject, type SignedVersion } from './makerChecker'

export interface CalendarVersionView extends SignedVersion {
    effectiveFrom: string
    source: string
    published?: string | null
    off: string[]
    work: string[]
}

export interface CalendarYearView {
    year: number
    inForce: number | null
    versions: CalendarVersionView[]
}

/** What the form holds: the notice, and the days one date or range (2027-10-01..2027-10-07) a line. */
export interface CalendarForm {
    year: number
    source: string
    published: string
    off: string
    work: string
}

const lines = (s: string) => s.split(/[\n,，;；]+/).map((x) => x.trim()).filter((x) => x.length > 0)

/** The body the API takes: the year in the tariff pack's format; the server validates every day. */
export function calendarBody(f: CalendarForm): Record<string, unknown> {
    const body: Record<string, unknown> = { source: f.source.trim(), off: lines(f.off), work: lines(f.work) }
    if (f.published.trim()) body.published = f.published.trim()
    return body
}

/**
 * Where the server found a problem, as the form names it: `calendar.off[1]` is the second entry of the days off and
 * `calendar.source` the notice; anything else stays the server's path.
 */
export function calendarField(field: string, t: (key: string, named?: Record<string, unknown>) => string): string {
    const m = /^calendar\.(off|work|source|published)(?:\[(\d+)\])?$/.exec(field)
    if (!m) return field
    const name = t(`console.calendars.${m[1] === 'source' ? 'notice' : m[1]}`)
    return m[2] === undefined ? name : t('console.calendars.entry', { name, n: Number(m[2]) + 1 })
}

/** A form from an imported file in the pack's format ({source, published, off, work}); why not if it is not. */
export function importCalendar(year: number, text: string): CalendarForm | NotAnObject {
    const read = readJsonObject(text)
    if ('error' in read) return read
    const o = read.value
    const list = (x: unknown) => (Array.isArray(x) ? x.map(String).join('\n') : '')
    return {
        year,
        source: typeof o.source === 'string' ? o.source : '',
        published: typeof o.published === 'string' ? o.published : '',
        off: list(o.off),
        work: list(o.work),
    }
}

/** The version rating uses, and whether the year has a draft waiting. */
export function inForce(y: CalendarYearView): CalendarVersionView | undefined {
    return y.versions.find((v) => v.version === y.inForce)
}

export function openDraft(y: CalendarYearView): CalendarVersionView | undefined {
    return pendingDraft(y.versions)
}
