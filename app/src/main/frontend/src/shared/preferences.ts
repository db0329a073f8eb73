/**
 * Notification preferences as the API has them: per category the channels chosen, some of them
 * fixed (service notices always go by SMS). The page edits a copy and sends back every category.
 */
export const CHANNELS = ['SMS', 'WECHAT', 'EMAIL', 'IN_APP'] as const

export interface CategoryPreference {
    category: string
    channels: string[]
    fixed?: string[]
}

export interface PreferencesView {
    categories: CategoryPreference[]
    contacts?: { phone?: string; email?: string; wechatBound?: boolean }
}

export function isFixed(pref: CategoryPreference, channel: string): boolean {
    return (pref.fixed ?? []).includes(channel)
}

/** Turns a channel on or off for a category; a fixed channel stays on. */
export function toggle(pref: CategoryPreference, channel: string, on: boolean): void {
    if (isFixed(pref, channel)) return
    const set = new Set(pref.channels)
    if (on) set.add(channel)
    else set.delete(channel)
    pref.channels = (CHANNELS.filter((c) => set.has(c)) as string[]).concat([...set].filter((c) => !(CHANNELS as readonly string[]).includes(c)))
}

/**
 * Channels nothing can reach yet: WeChat before a WeChat account is bound (issue 8: it could be switched on with no
 * hint; the server refuses it too). They show switched off and disabled, with the reason.
 */
export function unreachable(view: PreferencesView | null | undefined, channel: string): boolean {
    return channel === 'WECHAT' && !view?.contacts?.wechatBound
}

/** Whether a channel shows as on: chosen (or fixed), and reachable. */
export function isOn(view: PreferencesView, pref: CategoryPreference, channel: string): boolean {
    return isFixed(pref, channel) || (pref.channels.includes(channel) && !unreachable(view, channel))
}

/** Every category with the channels shown on; an unreachable channel is left out, a fixed one always in. */
export function updateBody(view: PreferencesView): { categories: { category: string; channels: string[] }[] } {
    return {
        categories: view.categories.map((p) => ({
            category: p.category,
            channels: [...new Set([...p.channels.filter((c) => !unreachable(view, c)), ...(p.fixed ?? [])])],
        })),
    }
}
