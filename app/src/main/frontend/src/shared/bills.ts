/**
 * The customer's bills as the billing API gives them (`/api/v1/billing/...`), turned into what the portal pages
 * show: the latest bill, the time-of-use breakdown of a bill, the tier progress of the year.
 * Amounts are yuan and energies kWh, as JSON numbers or decimal strings.
 */
import { num } from './usage'

export type BillType = 'REGULAR' | 'REVERSAL' | 'REBILL'

export interface LineSource {
    kind: string
    assetNumber?: string | null
    day?: string | null
    register?: string | null
    value?: number | string | null
    quality?: string | null
    multiplier: number
}

export interface BillLine {
    lineNo: number
    code: string
    quantity?: number | string | null
    unit: string
    price?: number | string | null
    amount: number | string
    tariffId?: string | null
    tariffVersion?: number
    formula?: string | null
    sources: LineSource[]
}

export interface PortalBill {
    id: number
    supplyAccountId: number
    accountNumber: string
    type: BillType
    status: 'ISSUED' | 'REVERSED' | string
    billNumber: string
    periodFrom: string
    periodTo: string
    issuedOn: string
    dueOn: string
    energyKwh: number | string
    total: number | string
    estimated: boolean
    tariffId: string
    tariffVersion: number
    corrects?: string | null
    correctionReason?: string | null
    correctedBy?: string | null
    lines: BillLine[]
}

export interface TierProgress {
    supplyAccountId: number
    tariffId: string
    tariffVersion: number
    cycle: 'ANNUAL' | 'MONTHLY' | string
    cycleFrom: string
    cycleTo: string
    used: number | string
    tiers: { tier: number; upTo: number | string | null; price: number | string }[]
    currentTier: number
    toNextTier: number | string | null
    months: { month: string; energy: number | string }[]
}

export interface TouComparison {
    supplyAccountId: number
    currentTariffId: string
    touTariffId: string
    months: { month: string; energy: number | string; valleyShare: number | string; current: number; tou: number }[]
    currentTotal: number
    touTotal: number
    saving: number
}

/**
 * A kWh or yuan figure from the API: a JSON number (money is a number of yuan with two decimals, energy a number of
 * kWh with four) or a decimal string; null when absent or not a number.
 */
export function amount(v: unknown): number | null {
    return num(v)
}

/** ¥1,234.50 and -¥138.80: two decimals, thousands grouped. */
export function yuan(v: unknown): string {
    const n = amount(v)
    if (n === null) return '—'
    const abs = Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    return `${n < 0 ? '-' : ''}¥${abs}`
}

/** A kWh figure without trailing zeros: 300, 12.5. */
export function kwh(v: unknown): string {
    const n = amount(v)
    return n === null ? '—' : String(Math.round(n * 10_000) / 10_000)
}

/**
 * The bill to show first: the newest bill the customer has to pay (a regular bill or a rebill that was not reversed
 * since); when there is none, the newest of any kind.
 */
export function latestBill(bills: PortalBill[]): PortalBill | null {
    return bills.find((b) => b.type !== 'REVERSAL' && b.status === 'ISSUED') ?? bills[0] ?? null
}

export const TOU_CODES = ['TOU_SHARP', 'TOU_PEAK', 'TOU_FLAT', 'TOU_VALLEY', 'TOU_DEEP_VALLEY'] as const

export interface TouSlice {
    code: string
    kwh: number
    amount: number
    /** percent of the bill's time-of-use energy, one decimal */
    share: number
}

/** The bill's time-of-use lines in period order (sharp to deep valley), each with its share of the TOU energy. */
export function touBreakdown(lines: BillLine[]): TouSlice[] {
    const by = new Map<string, TouSlice>()
    for (const l of lines) {
        if (!(TOU_CODES as readonly string[]).includes(l.code)) continue
        const s = by.get(l.code) ?? { code: l.code, kwh: 0, amount: 0, share: 0 }
        s.kwh += amount(l.quantity) ?? 0
        s.amount += amount(l.amount) ?? 0
        by.set(l.code, s)
    }
    const slices = TOU_CODES.flatMap((c) => (by.has(c) ? [by.get(c)!] : []))
    const total = slices.reduce((sum, s) => sum + Math.abs(s.kwh), 0)
    for (const s of slices) s.share = total === 0 ? 0 : Math.round((Math.abs(s.kwh) / total) * 1000) / 10
    return slices.map((s) => ({ ...s, kwh: round4(s.kwh), amount: Math.round(s.amount * 100) / 100 }))
}

export interface TierBar {
    tier: number
    /** kWh of the cycle where the tier starts and ends; `to` null for the top tier */
    from: number
    to: number | null
    /** kWh used inside this tier */
    used: number
    /** kWh of the tier not used yet; for the top tier, 0 */
    left: number
    price: number | null
}

export interface TierChart {
    bars: TierBar[]
    used: number
    currentTier: number
    toNextTier: number | null
    /** how far into the current tier, percent, for a progress bar; 100 in the top tier */
    percentOfTier: number
}

/**
 * The tiers of the cycle as stacked segments: how much of each tier the used energy filled. The top tier has no
 * upper limit; it is drawn as wide as the used energy above its start (at least a tenth of the tier below).
 */
export function tierChart(p: TierProgress): TierChart {
    const used = amount(p.used) ?? 0
    const bars: TierBar[] = []
    let from = 0
    for (const t of [...p.tiers].sort((a, b) => a.tier - b.tier)) {
        const to = t.upTo === null || t.upTo === undefined ? null : amount(t.upTo)
        const inTier = Math.max(0, Math.min(used, to ?? Number.POSITIVE_INFINITY) - from)
        bars.push({
            tier: t.tier,
            from,
            to,
            used: round4(inTier),
            left: to === null ? 0 : round4(Math.max(0, to - Math.max(from, used))),
            price: amount(t.price),
        })
        if (to === null) break
        from = to
    }
    const current = bars.find((b) => b.to === null || used < b.to) ?? bars[bars.length - 1]
    const toNext = p.toNextTier === null || p.toNextTier === undefined ? null : amount(p.toNextTier)
    const percentOfTier = !current || current.to === null
        ? 100
        : Math.round(((used - current.from) / (current.to - current.from)) * 1000) / 10
    return { bars, used: round4(used), currentTier: current?.tier ?? 1, toNextTier: toNext, percentOfTier }
}

function round4(n: number): number {
    return Math.round(n * 10_000) / 10_000
}

/** The cycle's months with their energy and the running total, for the tier chart. */
export function cumulativeMonths(p: TierProgress): { month: string; kwh: number; total: number }[] {
    let total = 0
    return [...p.months]
        .sort((a, b) => a.month.localeCompare(b.month))
        .map((m) => {
            const v = amount(m.energy) ?? 0
            total += v
            return { month: m.month, kwh: round4(v), total: round4(total) }
        })
}

/** The i18n key of a line's name: funds the pages do not name one by one fall back to the funds' common name. */
export function lineNameKey(code: string, known: (key: string) => boolean): string {
    const key = `bills.lineNames.${code}`
    if (known(key)) return key
    return code.startsWith('FUND_') ? 'bills.lineNames.FUND' : ''
}
