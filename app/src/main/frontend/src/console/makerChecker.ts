/**
 * The console's side of the catalogue's maker-checker (issue 9), for every kind of entry staff draft and another
 * member of staff approves: tariff versions, holiday calendar years, and the next kind. One member of staff drafts a
 * version, another approves it (the server refuses the maker: `<kind>-maker-checker`; the API marks the caller's own
 * drafts `draftedByYou`, so the console does not offer the maker the approval), or anyone rejects it with a reason,
 * which drops the draft. The panel is `components/MakerCheckerVersions.vue`; the draft's errors
 * `components/DraftErrors.vue`.
 */
import { ref } from 'vue'
import { api, ApiError } from '@/api'
import { errorMessage } from '@/shared/errors'

/** PACK: from the tariff pack; REJECTED only in the answer to a rejection (the draft is dropped). */
export type VersionStatus = 'PACK' | 'APPROVED' | 'DRAFT' | 'REJECTED'

/** What every version of a maker-checker entry says of itself, as the API gives it. */
export interface SignedVersion {
    version: number
    status: VersionStatus
    draftedBy?: string | null
    draftedAt?: string | null
    /** Whether the signed-in member of staff drafted it, and so may not approve it (the four-eyes rule). */
    draftedByYou?: boolean
    approvedBy?: string | null
    approvedAt?: string | null
}

export type Decision = 'APPROVE' | 'REJECT'

/** The entry's draft waiting for approval, if any (one at a time). */
export function pendingDraft<V extends SignedVersion>(versions: V[]): V | undefined {
    return versions.find((v) => v.status === 'DRAFT')
}

/** Whether the signed-in member of staff may approve `v`: an open draft someone else drafted (the server checks too). */
export function canApprove(v: SignedVersion): boolean {
    return v.status === 'DRAFT' && !v.draftedByYou
}

/** The tag's colour of a status. */
export function statusType(status: VersionStatus): 'warning' | 'success' | 'info' {
    return status === 'DRAFT' ? 'warning' : status === 'APPROVED' ? 'success' : 'info'
}

/** Text that is not a JSON object: where reading stopped when the browser says, or that it is not an object. */
export type NotAnObject = { error: 'not-json'; line?: number; column?: number } | { error: 'not-object' }

/**
 * Reads a draft typed or imported as JSON: the object, or why it is not one, in words the console can put in the
 * user's language (the browser's own message is English, and differs between browsers): the line and column where
 * reading stopped when the message names them (`line 3 column 5`, Firefox and recent Chromium) or a position (`at
 * position 42`), else nothing.
 */
export function readJsonObject(text: string): { value: Record<string, unknown> } | NotAnObject {
    let value: unknown
    try {
        value = JSON.parse(text)
    } catch (e) {
        const message = e instanceof Error ? e.message : ''
        const lc = /line (\d+) column (\d+)/.exec(message)
        if (lc) return { error: 'not-json', line: Number(lc[1]), column: Number(lc[2]) }
        const at = /at position (\d+)/.exec(message)
        if (!at) return { error: 'not-json' }
        const before = text.slice(0, Number(at[1])).split('\n')
        return { error: 'not-json', line: before.length, column: before[before.length - 1].length + 1 }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'not-object' }
    return { value: value as Record<string, unknown> }
}

/** Why a text is not a JSON object, in the user's language. */
export function notAnObject(r: NotAnObject, t: (key: string, named?: Record<string, unknown>) => string): string {
    if (r.error === 'not-object') return t('console.makerChecker.json.notObject')
    return r.line ? t('console.makerChecker.json.at', { line: r.line, column: r.column }) : t('console.makerChecker.json.unreadable')
}

/**
 * What the server found wrong with a draft, a line each: every field error with where it is, else the problem's
 * message followed by the days it names (a holiday calendar changing days already billed).
 */
export function problemLines(e: unknown, where: (field: string) => string = (field) => field): string[] {
    if (e instanceof ApiError && e.errors.length) return e.errors.map((x) => `${where(x.field)}: ${x.message}`)
    const days = e instanceof ApiError ? (e.problem as { days?: unknown }).days : undefined
    return Array.isArray(days) ? [errorMessage(e), ...days.map(String)] : [errorMessage(e)]
}

/**
 * A draft's submission: whether it is being sent, and the lines of what the server refused last, each problem's place
 * named by `where` (as the form names it) when the page gives one.
 */
export function useDraftSubmit(where?: (field: string) => string) {
    const errors = ref<string[]>([])
    const saving = ref(false)
    return {
        errors,
        saving,
        /** Posts the draft; true when the server took it, else its problems are in `errors`. */
        async submit(path: string, body: unknown): Promise<boolean> {
            saving.value = true
            try {
                await api.post(path, body)
                errors.value = []
                return true
            } catch (e) {
                errors.value = problemLines(e, where)
                return false
            } finally {
                saving.value = false
            }
        },
    }
}
