import { api } from '@/api'
import type { ApiClient } from '@/api/client'

/**
 * The concentrator archive (集中器档案, issue 3): which meter addresses each concentrator or DTU collects. The
 * head-end's schedules read only meters the archive places behind a connected concentrator.
 */

/** As the server reads them: a header line with these names, in any order. */
export const ARCHIVE_COLUMNS = ['concentrator_id', 'meter_address'] as const

/** What a concentrator or DTU registers with when it dials in (`DTU:<id>`); the server checks the same. */
export const CONCENTRATOR_ID = /^[0-9A-Z]{12}$/
export const METER_ADDRESS = /^\d{12}$/

/** Not real: the example's rows must be changed to the company's own concentrators and meters. */
export const EXAMPLE_CONCENTRATORS = ['C00000000001', 'C00000000002']

/** A small archive: two meters behind the first concentrator, one behind the second. */
export function exampleArchiveCsv(): string {
    const rows = [
        [EXAMPLE_CONCENTRATORS[0], '000000000001'],
        [EXAMPLE_CONCENTRATORS[0], '000000000002'],
        [EXAMPLE_CONCENTRATORS[1], '000000000003'],
    ]
    return [ARCHIVE_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n'
}

export const EXAMPLE_ARCHIVE_FILE = 'concentrator-archive-example.csv'

export interface ArchiveOutcome {
    /** Meters placed behind another concentrator than before. */
    routed: number
    /** Meters the archive already placed so. */
    unchanged: number
    /** Addresses not enrolled or of meters outside the caller's branches. */
    unknown: number
    /** The first 100 of them. */
    unknownAddresses: string[]
}

export interface Concentrator {
    concentratorId: string
    archivedMeters: number
    connected: boolean
    answeredMeters: number
    /** whether a registration secret is set; the secret itself never comes back */
    registrationSecret?: boolean
}

/** The head-end's rule for a registration secret: 8-64 printable ASCII characters, no blank or comma. */
export const SECRET = /^[\x21-\x2B\x2D-\x7E]{8,64}$/

/** Uploads the archive; progress is the fraction of the file sent. */
export function importArchive(
    file: Blob,
    fileName: string,
    onProgress?: (fraction: number) => void,
    client: Pick<ApiClient, 'upload'> = api,
): Promise<ArchiveOutcome> {
    const form = new FormData()
    form.append('file', file, fileName)
    return client.upload<ArchiveOutcome>('/api/v1/metering/concentrator-archive', form, { onProgress })
}

/** The outcome in one line's numbers; unknown ones listed are at most 100 of `unknown`. */
export function moreUnknown(outcome: ArchiveOutcome): number {
    return Math.max(0, outcome.unknown - outcome.unknownAddresses.length)
}

export interface ConcentratorSummary {
    total: number
    online: number
    archivedMeters: number
    /** Meters placed behind a concentrator that is offline now: the schedules cannot read them. */
    unreachableMeters: number
}

export function summary(list: Concentrator[] | null | undefined): ConcentratorSummary {
    const all = list ?? []
    return {
        total: all.length,
        online: all.filter((c) => c.connected).length,
        archivedMeters: all.reduce((n, c) => n + c.archivedMeters, 0),
        unreachableMeters: all.filter((c) => !c.connected).reduce((n, c) => n + c.archivedMeters, 0),
    }
}

/** Offline concentrators with meters first (they need attention), then by id. */
export function sortConcentrators(list: Concentrator[] | null | undefined): Concentrator[] {
    const rank = (c: Concentrator) => (!c.connected && c.archivedMeters > 0 ? 0 : 1)
    return [...(list ?? [])].sort((a, b) => rank(a) - rank(b) || a.concentratorId.localeCompare(b.concentratorId))
}
