import { api, ApiError } from '@/api'
import type { ApiClient } from '@/api/client'

/**
 * Importing readings from a CSV file (issue 3): the columns the server reads, an example file to
 * start from, and the result or the row errors it answers with.
 */

export type ImportKind = 'intervals' | 'registers'
export type ImportMode = 'all-or-nothing' | 'valid-rows'

export interface Column {
    name: string
    required: boolean
    /** A value for the example file. */
    example: (day: string, slot: number) => string
}

/** As ReadingIntake reads them: a header line with these names, in any order. */
export const COLUMNS: Record<ImportKind, Column[]> = {
    intervals: [
        { name: 'address', required: true, example: () => EXAMPLE_ADDRESS },
        { name: 'channel', required: false, example: () => 'FORWARD_ACTIVE' },
        { name: 'day', required: true, example: (day) => day },
        { name: 'slot', required: true, example: (_, slot) => String(slot) },
        { name: 'kwh', required: true, example: (_, slot) => (0.1 + slot * 0.0125).toFixed(4) },
        { name: 'quality', required: false, example: () => 'A' },
    ],
    registers: [
        { name: 'address', required: true, example: () => EXAMPLE_ADDRESS },
        { name: 'day', required: true, example: (day) => day },
        { name: 'total', required: true, example: (_, n) => (1234.5 + n * 8.25).toFixed(2) },
        { name: 't1', required: false, example: (_, n) => (100.1 + n).toFixed(2) },
        { name: 't2', required: false, example: (_, n) => (400.2 + n * 3).toFixed(2) },
        { name: 't3', required: false, example: (_, n) => (380.3 + n * 2.5).toFixed(2) },
        { name: 't4', required: false, example: (_, n) => (353.9 + n * 1.75).toFixed(2) },
        { name: 'reverse', required: false, example: () => '0.00' },
        { name: 'reactive1', required: false, example: (_, n) => (210.4 + n).toFixed(2) },
        { name: 'reactive2', required: false, example: () => '3.10' },
        { name: 'meterTime', required: false, example: (day) => `${nextDay(day)}T00:05:00+08:00` },
    ],
}

/** Not a real meter: the example's rows must be changed to the company's own addresses. */
export const EXAMPLE_ADDRESS = '000000000001'

/** A small file of the kind: four 15-minute slots, or the registers of two days. */
export function exampleCsv(kind: ImportKind, day: string): string {
    const columns = COLUMNS[kind]
    const lines = [columns.map((c) => c.name).join(',')]
    const rows = kind === 'intervals' ? [1, 2, 3, 4] : [0, 1]
    for (const n of rows) {
        const rowDay = kind === 'intervals' ? day : addDays(day, n - 1)
        lines.push(columns.map((c) => c.example(rowDay, n)).join(','))
    }
    return lines.join('\r\n') + '\r\n'
}

export function exampleFileName(kind: ImportKind): string {
    return `readings-${kind}-example.csv`
}

function addDays(day: string, n: number): string {
    const d = new Date(`${day}T00:00:00Z`)
    d.setUTCDate(d.getUTCDate() + n)
    return d.toISOString().slice(0, 10)
}

function nextDay(day: string): string {
    return addDays(day, 1)
}

/** One row's problem, as the server localised it. */
export interface RowProblem {
    row: number
    field: string
    code: string
    message: string
}

export interface ImportResult {
    batchId: string
    replayed: boolean
    intervalRows: number
    registerRows: number
    conflicts: number
    /** Rows left out in mode valid-rows. */
    rejected: RowProblem[]
}

/** The problems whose `errors` are rows of an uploaded file: readings and the concentrator archive. */
export const ROW_PROBLEM_CODES = ['readings-rejected', 'archive-rejected']

/** The row errors of a `readings-rejected` or `archive-rejected` problem (ApiError keeps only field and message). */
export function rowProblems(error: unknown): RowProblem[] {
    if (!(error instanceof ApiError) || !ROW_PROBLEM_CODES.includes(error.code)) return []
    const errors: unknown = error.problem.errors
    if (!Array.isArray(errors)) return []
    return errors
        .filter((e: unknown): e is Record<string, unknown> => !!e && typeof e === 'object')
        .map((e) => ({
            row: Number(e.row ?? 0),
            field: String(e.field ?? ''),
            code: String(e.code ?? ''),
            message: String(e.message ?? ''),
        }))
}

/** Uploads the file; progress is the fraction of it sent (the server then checks and stores). */
export function importReadings(
    file: Blob,
    fileName: string,
    kind: ImportKind,
    mode: ImportMode,
    onProgress?: (fraction: number) => void,
    client: Pick<ApiClient, 'upload'> = api,
): Promise<ImportResult> {
    const form = new FormData()
    form.append('file', file, fileName)
    return client.upload<ImportResult>('/api/v1/metering/imports', form, { query: { kind, mode }, onProgress })
}

export interface Batch {
    batchId: string
    source: string
    receivedAt: string
    intervalRows: number
    registerRows: number
    meters: number
    firstDay: string | null
    lastDay: string | null
    conflicts: number
    rejectedRows: number
    fileName: string | null
    importedBy: number | null
    importedByName: string | null
}

export interface BatchPage {
    items: Batch[]
    page: number
    size: number
    total: number
}

/** The days a delivery covers: one day, or first ~ last. */
export function daysCovered(b: Pick<Batch, 'firstDay' | 'lastDay'>): string {
    if (!b.firstDay) return '—'
    if (!b.lastDay || b.lastDay === b.firstDay) return b.firstDay
    return `${b.firstDay} ~ ${b.lastDay}`
}

/** The review page with the open conflicts, of the day when the delivery covered one. */
export function conflictsLink(b?: Pick<Batch, 'firstDay' | 'lastDay'> | null): { path: string; query: Record<string, string> } {
    const query: Record<string, string> = { type: 'CONFLICT' }
    if (b?.firstDay && (!b.lastDay || b.lastDay === b.firstDay)) query.day = b.firstDay
    return { path: '/metering/exceptions', query }
}

/** The days of a parsed result's rows are not in the answer; the history row has them. */
export function findBatch(page: BatchPage | null, batchId: string | undefined): Batch | undefined {
    if (!page || !batchId) return undefined
    return page.items.find((b) => b.batchId === batchId)
}
