import { idOf } from '@/shared/ids'
import { daysEnding, lowestFirst, num } from '@/shared/usage'

/**
 * The collection-rate dashboard's data (MR-1): the one-day report names its rows (branch or area code
 * and name), and the trend comes from one range request. Rates are decimals as numbers or strings, and
 * absent when a group has no meters.
 */
export interface Rate {
    group?: number | string | null
    code?: string | null
    name?: string | null
    meters: number
    registersRead: number
    registerRate?: string | number | null
    slotsExpected: number
    slotsActual: number
    intervalRate?: string | number | null
}

export interface Report {
    day: string
    groupBy: string
    total: Rate
    groups: Rate[]
}

export interface RangeReport {
    from: string
    to: string
    days: { day: string; total?: Rate; branches?: Rate[] }[]
}

export interface TrendPoint {
    day: string
    register: number | null
    interval: number | null
}

export interface Row extends Rate {
    id: string | undefined
    label: string
    register: number | null
    interval: number | null
}

/** The days of a trend of `count` days ending with `last`, and the range to ask the API for. */
export function trendDays(last: string, count: number): { days: string[]; from: string; to: string } {
    const days = daysEnding(last, count)
    return { days, from: days[0], to: days[days.length - 1] }
}

/** One point per wanted day, oldest first; a day the report lacks has no values (a gap in the line). */
export function trendPoints(report: RangeReport | null | undefined, days: string[]): TrendPoint[] {
    const byDay = new Map((report?.days ?? []).map((d) => [d.day, d]))
    return days.map((day) => {
        const total = byDay.get(day)?.total
        return { day, register: num(total?.registerRate), interval: num(total?.intervalRate) }
    })
}

/** What a row is called: the grid's name, else its code, else its id; meters without an area are '—'. */
export function groupLabel(rate: Rate): string {
    const id = idOf(rate.group)
    if (id === undefined) return '—'
    if (rate.name) return rate.name
    if (rate.code) return rate.code
    return `#${id}`
}

/** Table rows, lowest register rate first and groups without meters last. */
export function collectionRows(groups: Rate[] | null | undefined): Row[] {
    return lowestFirst(groups ?? [], (r) => r.registerRate).map((r) => ({
        ...r,
        id: idOf(r.group),
        label: groupLabel(r),
        register: num(r.registerRate),
        interval: num(r.intervalRate),
    }))
}
