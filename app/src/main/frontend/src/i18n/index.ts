import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'

export type Language = 'zh-CN' | 'en'
export const LANGUAGES: Language[] = ['zh-CN', 'en']
const STORAGE_KEY = 'gridhall.language'

// Chinese is the default and the fallback, so it comes with the first page; English is fetched when a visitor
// chooses it (issue #8: the first page carried both languages' messages of every page)
const loaders: Record<Language, () => Promise<{ default: typeof zhCN }>> = {
    'zh-CN': () => Promise.resolve({ default: zhCN }),
    en: () => import('./en'),
}
const loaded = new Set<Language>(['zh-CN'])

function initialLanguage(): Language {
    try {
        const stored = globalThis.localStorage?.getItem(STORAGE_KEY)
        if (stored === 'en' || stored === 'zh-CN') return stored
    } catch {
        // storage may be blocked; fall through to the default
    }
    return 'zh-CN'
}

export const i18n = createI18n({
    legacy: false,
    locale: initialLanguage(),
    fallbackLocale: 'zh-CN',
    // typed for both languages; English arrives through loadLanguage
    messages: { 'zh-CN': zhCN } as Record<Language, typeof zhCN>,
    missingWarn: false,
    fallbackWarn: false,
})

export function currentLanguage(): Language {
    return i18n.global.locale.value as Language
}

/** Fetches a language's messages once; the pages switch to it only when they are there. */
export async function loadLanguage(language: Language): Promise<void> {
    if (loaded.has(language)) return
    const messages = await loaders[language]()
    i18n.global.setLocaleMessage(language, messages.default)
    loaded.add(language)
}

/** Switches the language: at once when its messages are loaded, otherwise when they arrive. */
export function setLanguage(language: Language): Promise<void> {
    const apply = () => {
        i18n.global.locale.value = language
        try {
            globalThis.localStorage?.setItem(STORAGE_KEY, language)
        } catch {
            // not persisted; the choice still holds for this page
        }
        if (typeof document !== 'undefined') document.documentElement.lang = language
    }
    if (loaded.has(language)) {
        apply()
        return Promise.resolve()
    }
    return loadLanguage(language).then(apply)
}

/** Translates an enum-like code under a prefix (status.FAULT); unknown codes are shown as they are. */
export function label(prefix: string, code: string | null | undefined): string {
    if (code === null || code === undefined || code === '') return '—'
    const key = `${prefix}.${code}`
    return i18n.global.te(key) ? i18n.global.t(key) : code
}
