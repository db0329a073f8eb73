/**
 * Switches for every yes/no setting in the notification preferences, whatever their nesting
 * ({SMS: true}, {channels: {SMS: true}}, [{topic, channel, enabled}]). Each switch edits the
 * object in place, so the same shape goes back with PUT.
 */
export interface PreferenceSwitch {
    key: string
    path: string[]
    get(): boolean
    set(value: boolean): void
}

const FLAG_KEYS = ['enabled', 'subscribed', 'on', 'active']
const NAME_KEYS = ['topic', 'channel', 'type', 'name', 'code', 'category']

export function preferenceSwitches(value: unknown, path: string[] = []): PreferenceSwitch[] {
    if (!value || typeof value !== 'object') return []
    const out: PreferenceSwitch[] = []
    if (Array.isArray(value)) {
        value.forEach((item, i) => {
            if (!item || typeof item !== 'object') return
            const obj = item as Record<string, unknown>
            const flag = FLAG_KEYS.find((k) => typeof obj[k] === 'boolean')
            const names = NAME_KEYS.filter((k) => typeof obj[k] === 'string').map((k) => String(obj[k]))
            if (flag) {
                out.push({
                    key: [...path, String(i)].join('.'),
                    path: [...path, ...(names.length ? names : [String(i)])],
                    get: () => obj[flag] as boolean,
                    set: (v) => { obj[flag] = v },
                })
            } else {
                out.push(...preferenceSwitches(obj, [...path, ...names]))
            }
        })
        return out
    }
    const obj = value as Record<string, unknown>
    for (const [k, v] of Object.entries(obj)) {
        if (typeof v === 'boolean') {
            out.push({ key: [...path, k].join('.'), path: [...path, k], get: () => obj[k] as boolean, set: (x) => { obj[k] = x } })
        } else if (v && typeof v === 'object') {
            // a wrapper like {channels: {...}} names a group, not a setting
            const group = ['channels', 'topics', 'preferences', 'settings'].includes(k) ? path : [...path, k]
            out.push(...preferenceSwitches(v, group))
        }
    }
    return out
}
