import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export type Language = 'zh-CN' | 'en'
export const LANGUAGES: Language[] = ['zh-CN', 'en']
const STORAGE_KEY = 'gridhall.language'

export const messages = { 'zh-CN': zhCN, en }

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
    messages,
    missingWarn: false,
    fallbackWarn: false,
})

export function currentLanguage(): Language {
    return i18n.global.locale.value as Language
}

export function setLanguage(language: Language): void {
    i18n.global.locale.value = language
    try {
        globalThis.localStorage?.setItem(STORAGE_KEY, language)
    } catch {
        // not persisted; the choice still holds for this page
    }
    if (typeof document !== 'undefined') document.documentElement.lang = language
}

/** Translates an enum-like code under a prefix (status.FAULT); unknown codes are shown as they are. */
export function label(prefix: string, code: string | null | undefined): string {
    if (code === null || code === undefined || code === '') return '—'
    const key = `${prefix}.${code}`
    return i18n.global.te(key) ? i18n.global.t(key) : code
}
