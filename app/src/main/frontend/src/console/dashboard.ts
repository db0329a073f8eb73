import { num } from '@/shared/usage'
import { summary, type Concentrator } from './concentrators'
import type { Report } from './collection'
import type { TreeNode } from './grid'

/** At most this many open exceptions are asked for; more show as "1000+". */
export const EXCEPTIONS_LIMIT = 1000

/** The branch dashboard's figures, from the APIs the console already uses; null where a source failed. */
export interface Figures {
    registerRate: number | null
    intervalRate: number | null
    meters: number | null
    openExceptions: number | null
    moreExceptions: boolean
    concentrators: number | null
    concentratorsOnline: number | null
    unreachableMeters: number | null
    accounts: number | null
}

export function figures(sources: {
    report?: Report | null
    exceptions?: unknown[] | null
    concentrators?: Concentrator[] | null
    branches?: TreeNode[] | null
}): Figures {
    const c = sources.concentrators ? summary(sources.concentrators) : null
    const accounts = sources.branches
        ? sources.branches.reduce((n, b) => n + (b.accounts ?? 0), 0)
        : null
    return {
        registerRate: num(sources.report?.total?.registerRate),
        intervalRate: num(sources.report?.total?.intervalRate),
        meters: sources.report?.total ? sources.report.total.meters : null,
        openExceptions: sources.exceptions ? sources.exceptions.length : null,
        moreExceptions: !!sources.exceptions && sources.exceptions.length >= EXCEPTIONS_LIMIT,
        concentrators: c ? c.total : null,
        concentratorsOnline: c ? c.online : null,
        unreachableMeters: c ? c.unreachableMeters : null,
        accounts,
    }
}

/** A rate below this is shown as needing attention (the usual target for daily registers is 98%). */
export const RATE_TARGET = 98

export function rateState(rate: number | null): 'ok' | 'low' | 'none' {
    if (rate === null) return 'none'
    return rate >= RATE_TARGET ? 'ok' : 'low'
}
