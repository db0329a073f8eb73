/**
 * Turns the metering API's values with quality flags into chart series and table rows. Values come
 * as decimal strings or numbers (BigDecimal); quality is ACTUAL, ESTIMATED, EDITED or MISSING, and PENDING for
 * a slot of today that has not ended yet (nothing is expected of it, so it is not missing).
 */

export type Quality = 'ACTUAL' | 'ESTIMATED' | 'EDITED' | 'MISSING' | 'PENDING' | string

export interface Slot {
    slot: number
    start?: string
    kwh?: number | string | null
    kw?: number | string | null
    quality: Quality
}

export function num(v: unknown): number | null {
    if (v === null || v === undefined || v === '') return null
    const n = typeof v === 'number' ? v : Number(v)
    return Number.isFinite(n) ? n : null
}

/** "HH:mm" of a 1-based slot (1 = 00:00-00:15). */
export function slotLabel(slot: number): string {
    const minutes = (slot - 1) * 15
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

/** The mean load of a 15-minute slot in kW: its kWh times 4, to 4 decimals. */
export function kwFromKwh(kwh: number | null): number | null {
    return kwh === null ? null : Math.round(kwh * 40_000) / 10_000
}

export interface CurveSeries {
    labels: string[]
    /** Actual and edited values; null where the slot is estimated or missing. */
    measured: (number | null)[]
    /**
     * Estimated values, plus the measured neighbours so the dashed line joins the solid one; null
     * elsewhere.
     */
    estimated: (number | null)[]
    /** Index ranges [first, last] of consecutive missing slots, for shaded areas; slots still to come are not missing. */
    missing: [number, number][]
    edited: number[]
    counts: Record<'ACTUAL' | 'ESTIMATED' | 'EDITED' | 'MISSING' | 'PENDING', number>
}

/**
 * 96 slots into a solid series (actual/edited), a dashed one (estimated) and shaded missing ranges.
 * Slots may come in any order or incomplete; the result always has 96 points. `value` picks kWh or kW (the mean
 * load, from kWh x 4 where a slot has no kW): load curves are drawn in kW in the portal and the console alike.
 */
export function curveSeries(slots: Slot[] | null | undefined, value: 'kwh' | 'kw' = 'kwh'): CurveSeries {
    const n = 96
    const bySlot = new Map<number, Slot>()
    for (const s of slots ?? []) if (s && s.slot >= 1 && s.slot <= n) bySlot.set(s.slot, s)
    const labels: string[] = []
    const measured: (number | null)[] = []
    const estimated: (number | null)[] = []
    const quality: Quality[] = []
    const edited: number[] = []
    const counts = { ACTUAL: 0, ESTIMATED: 0, EDITED: 0, MISSING: 0, PENDING: 0 }
    for (let i = 0; i < n; i++) {
        const s = bySlot.get(i + 1)
        labels.push(slotLabel(i + 1))
        const q = s ? String(s.quality ?? 'MISSING').toUpperCase() : 'MISSING'
        const v = s ? (value === 'kw' ? num(s.kw) ?? kwFromKwh(num(s.kwh)) : num(s.kwh)) : null
        const known = q !== 'MISSING' && q !== 'PENDING' && v !== null
        const qq = known ? q : q === 'PENDING' ? 'PENDING' : 'MISSING'
        quality.push(qq)
        if (qq in counts) counts[qq as keyof typeof counts]++
        if (qq === 'EDITED') edited.push(i)
        measured.push(known && qq !== 'ESTIMATED' ? v : null)
        estimated.push(known && qq === 'ESTIMATED' ? v : null)
    }
    // join each estimated run to the measured points either side so the line has no break
    for (let i = 0; i < n; i++) {
        if (quality[i] !== 'ESTIMATED') continue
        if (i > 0 && measured[i - 1] !== null && estimated[i - 1] === null) estimated[i - 1] = measured[i - 1]
        if (i < n - 1 && measured[i + 1] !== null && estimated[i + 1] === null) estimated[i + 1] = measured[i + 1]
    }
    const missing: [number, number][] = []
    for (let i = 0; i < n; i++) {
        if (quality[i] !== 'MISSING') continue
        const start = i
        while (i + 1 < n && quality[i + 1] === 'MISSING') i++
        missing.push([start, i])
    }
    return { labels, measured, estimated, missing, edited, counts }
}

export interface BarPoint {
    value: number | null
    quality: Quality
    itemStyle?: { color?: string; decal?: unknown; opacity?: number }
}

const HATCH = { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,.55)' }

/**
 * Daily or monthly use as bars. An estimated (or edited) bar is drawn hatched in its colour; a month its registers
 * do not cover whole (the month running, or the one a meter joined) is drawn pale, since its figure is read, not
 * estimated.
 */
export function usageBars(
    rows: { kwh?: unknown; quality?: Quality; complete?: boolean }[] | null | undefined,
    colours: Record<string, string>,
): BarPoint[] {
    return (rows ?? []).map((r) => {
        const quality = String(r.quality ?? 'ACTUAL').toUpperCase()
        const value = quality === 'MISSING' ? null : num(r.kwh)
        const point: BarPoint = { value, quality }
        if (quality === 'ESTIMATED' || quality === 'EDITED') {
            point.itemStyle = { color: colours[quality] ?? colours.ESTIMATED, decal: HATCH }
        }
        if (r.complete === false && value !== null) point.itemStyle = { ...point.itemStyle, opacity: 0.45 }
        return point
    })
}

/** Whether any row is estimated or edited, so the page explains the hatching only when there is some. */
export function hasEstimates(rows: { quality?: Quality }[] | null | undefined): boolean {
    return (rows ?? []).some((r) => ['ESTIMATED', 'EDITED'].includes(String(r.quality ?? '').toUpperCase()))
}

/** The months with a figure that covers only part of the month, for the note under the chart. */
export function partialMonths<T extends { kwh?: unknown; quality?: Quality; complete?: boolean }>(rows: T[] | null | undefined): T[] {
    return (rows ?? []).filter((r) => r.complete === false && String(r.quality ?? '').toUpperCase() !== 'MISSING' && num(r.kwh) !== null)
}

export interface TouSlice {
    tariff: number
    value: number
    percent: number | null
}

/** T1..T4 kWh and percent into pie slices; tariffs without use are left out. */
export function touSlices(tou: { tariffKwh?: unknown[]; sharesPercent?: unknown[] } | null | undefined): TouSlice[] {
    if (!tou || !Array.isArray(tou.tariffKwh)) return []
    const out: TouSlice[] = []
    tou.tariffKwh.slice(0, 4).forEach((v, i) => {
        const value = num(v)
        if (value === null || value <= 0) return
        out.push({ tariff: i + 1, value, percent: num(tou.sharesPercent?.[i]) })
    })
    return out
}

/** Rows sorted by a rate, lowest first; rows without a rate (no meters) last. */
export function lowestFirst<T>(rows: T[], rate: (row: T) => unknown): T[] {
    return [...rows].sort((a, b) => {
        const x = num(rate(a))
        const y = num(rate(b))
        if (x === null && y === null) return 0
        if (x === null) return 1
        if (y === null) return -1
        return x - y
    })
}

/** ISO dates (yyyy-MM-dd) of the `count` days ending with `last`, oldest first. */
export function daysEnding(last: string, count: number): string[] {
    const [y, m, d] = last.split('-').map(Number)
    const out: string[] = []
    for (let i = count - 1; i >= 0; i--) {
        const date = new Date(Date.UTC(y, m - 1, d - i))
        out.push(date.toISOString().slice(0, 10))
    }
    return out
}

/** Today in Beijing as yyyy-MM-dd, shifted by `offset` days. */
export function beijingDay(offset = 0, now: Date = new Date()): string {
    const shifted = new Date(now.getTime() + 8 * 3600_000 + offset * 86_400_000)
    return shifted.toISOString().slice(0, 10)
}

/** Where a customer's use sits among similar customers: below the lower quartile, around the median, above. */
export function comparisonBand(c: { kwh?: unknown; lowerQuartile?: unknown; upperQuartile?: unknown } | null | undefined):
    'low' | 'typical' | 'high' | null {
    if (!c) return null
    const v = num(c.kwh)
    const lo = num(c.lowerQuartile)
    const hi = num(c.upperQuartile)
    if (v === null || lo === null || hi === null) return null
    if (v < lo) return 'low'
    if (v > hi) return 'high'
    return 'typical'
}

/** The comparison's peer group as the API names it ("area" or "branch"), as a message key. */
export function peerGroupKey(group: unknown): 'AREA' | 'BRANCH' {
    return String(group ?? '').toUpperCase() === 'AREA' ? 'AREA' : 'BRANCH'
}

/**
 * The one sentence under the comparison: its message key (usage.sentence.<band>) and the percentile, or the band
 * alone (usage.band.<band>) when the API gives no percentile; null without a band.
 */
export function comparisonSentence(c: { kwh?: unknown; lowerQuartile?: unknown; upperQuartile?: unknown; percentile?: unknown } | null | undefined):
    { key: string; p?: number } | null {
    const band = comparisonBand(c)
    if (!band) return null
    const p = num(c?.percentile)
    return p === null ? { key: `usage.band.${band}` } : { key: `usage.sentence.${band}`, p }
}
