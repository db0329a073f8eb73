import { getCurrentInstance, reactive, watch } from 'vue'
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

/**
 * A problem's title and detail as one line, with the colon of the UI language ("：" in Chinese, ": " in English). A
 * detail that already says what the title says stands alone (issue 8: "验证码错误：验证码错误，还可尝试4次。").
 */
export function joinTitle(title: string | undefined, detail: string | undefined): string {
    const a = (title ?? '').trim()
    const b = (detail ?? '').trim()
    if (!a) return b
    if (!b) return a
    if (b.startsWith(a) || b.includes(a)) return b
    return i18n.global.locale.value === 'en' ? `${a}: ${b}` : `${a}：${b}`
}

/** One line for a toast or an alert: the problem's title and detail, in the UI language. */
export function errorMessage(error: unknown): string {
    const t = i18n.global.t
    if (error instanceof ApiError) {
        if (error.status === 0) return t('errors.network')
        const text = joinTitle(error.title, error.detail)
        if (error.status === 429 && error.retryAfterSeconds !== undefined) {
            return joinTitle(error.title, t('errors.tooManyRequests', { s: error.retryAfterSeconds }))
        }
        if (text) return text
        if (error.status === 401) return t('errors.unauthorized')
        if (error.status === 403) return t('errors.forbidden')
        if (error.status === 404) return t('errors.notFound')
        return t('errors.generic')
    }
    return t('errors.generic')
}

/** Field errors a form shows beside its inputs; filled from a problem's `errors` list. */
export function useFieldErrors() {
    const fields = reactive<Record<string, string>>({})
    // messages are in the language they were made in: drop them when the user switches
    if (getCurrentInstance()) {
        watch(i18n.global.locale, () => {
            for (const key of Object.keys(fields)) delete fields[key]
        })
    }
    return {
        fields,
        clear() {
            for (const key of Object.keys(fields)) delete fields[key]
        },
        /** Puts the problem's field errors in place; returns whether there were any. */
        apply(error: unknown): boolean {
            for (const key of Object.keys(fields)) delete fields[key]
            if (!(error instanceof ApiError)) return false
            Object.assign(fields, error.fieldErrors())
            return error.errors.length > 0
        },
    }
}
