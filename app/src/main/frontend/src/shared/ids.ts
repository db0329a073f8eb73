/** An id as the API sends it: a number, a string, or a wrapped id record ({"value": 7}). */
export function idOf(value: unknown): string | undefined {
    if (value === null || value === undefined || value === '') return undefined
    if (typeof value === 'object') {
        const v = (value as Record<string, unknown>).value ?? (value as Record<string, unknown>).id
        return v === undefined || v === null ? undefined : String(v)
    }
    return String(value)
}
