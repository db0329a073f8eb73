/** An id as the API sends it (a JSON number, or text from a route or a form) as text; undefined when absent. */
export function idOf(value: unknown): string | undefined {
    if (value === null || value === undefined || value === '') return undefined
    return String(value)
}
