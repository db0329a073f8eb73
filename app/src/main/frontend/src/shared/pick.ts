/** The first present value among the given paths ("contact.phone"), for API shapes that vary a little. */
export function pick(obj: unknown, ...paths: string[]): unknown {
    for (const path of paths) {
        let node: unknown = obj
        for (const key of path.split('.')) {
            node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined
        }
        if (node !== undefined && node !== null && node !== '') return node
    }
    return undefined
}

export function pickText(obj: unknown, ...paths: string[]): string | undefined {
    const v = pick(obj, ...paths)
    return v === undefined ? undefined : typeof v === 'object' ? undefined : String(v)
}
