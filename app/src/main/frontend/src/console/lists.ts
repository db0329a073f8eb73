// A list a console page shows: loaded from the server with the filter it was asked with, answered in order, its error
// as one line in the UI language. The pages of queues, invoices, reconciliation runs and agents all load this way.
import { ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { errorMessage } from '@/shared/errors'

export interface ListOptions {
    /** Where a failed load is told: in `error`, for an alert on the page (the default), or as a toast. */
    report?: 'alert' | 'toast'
    /** The filter the list starts with ('' all, the default). */
    filter?: string
}

export interface List<T> {
    rows: Ref<T[]>
    /** The filter the list is asked with; '' is all. */
    filter: Ref<string>
    error: Ref<string>
    loading: Ref<boolean>
    /** Asks again; an answer to an earlier ask that comes after a later one is dropped. */
    load: () => Promise<void>
}

export function useList<T>(fetch: (filter: string) => Promise<T[]>, options: ListOptions = {}): List<T> {
    const rows = ref([]) as Ref<T[]>
    const filter = ref(options.filter ?? '')
    const error = ref('')
    const loading = ref(false)
    let asked = 0
    async function load() {
        const mine = ++asked
        loading.value = true
        if (options.report !== 'toast') error.value = ''
        try {
            const answer = await fetch(filter.value)
            if (mine === asked) rows.value = answer
        } catch (e) {
            if (mine !== asked) return
            if (options.report === 'toast') ElMessage.error(errorMessage(e))
            else error.value = errorMessage(e)
        } finally {
            if (mine === asked) loading.value = false
        }
    }
    return { rows, filter, error, loading, load }
}

/** The query parameters of a filter: none for all ('' ), else the filter under its name. */
export function filterQuery(filter: string, name = 'status'): Record<string, string> {
    return filter ? { [name]: filter } : {}
}
