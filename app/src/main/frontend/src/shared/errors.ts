import { getCurrentInstance, reactive, watch } from 'vue'
import { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

/** One line for a toast or an alert: the problem's title and detail, in the UI language. */
export function errorMessage(error: unknown): string {
    const t = i18n.global.t
    if (error instanceof ApiError) {
        if (error.status === 0) return t('errors.network')
        const text = [error.title, error.detail].filter((s) => s && s.trim()).join('：')
        if (error.status === 429 && error.retryAfterSeconds !== undefined) {
            const wait = t('errors.tooManyRequests', { s: error.retryAfterSeconds })
            return error.title ? `${error.title}：${wait}` : wait
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
