import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/client'
import { setLanguage } from '@/i18n'
import { filterQuery, useList } from './lists'

const toast = vi.hoisted(() => vi.fn())
vi.mock('element-plus', async (original) => ({
    ...(await original<typeof import('element-plus')>()),
    ElMessage: { error: (m: string) => toast(m), success: vi.fn() },
}))

function deferred<T>() {
    let resolve!: (v: T) => void
    let reject!: (e: unknown) => void
    const promise = new Promise<T>((a, b) => {
        resolve = a
        reject = b
    })
    return { promise, resolve, reject }
}

describe('a console list', () => {
    it('asks with its filter and holds the answer', async () => {
        const fetch = vi.fn((f: string) => Promise.resolve(f ? [f] : ['a', 'b']))
        const list = useList(fetch)
        await list.load()
        expect(list.rows.value).toEqual(['a', 'b'])
        list.filter.value = 'ISSUED'
        await list.load()
        expect(fetch).toHaveBeenLastCalledWith('ISSUED')
        expect(list.rows.value).toEqual(['ISSUED'])
        expect(list.loading.value).toBe(false)
    })

    it('drops an earlier answer that comes after a later one, so a quick change of filter shows the last', async () => {
        const slow = deferred<string[]>()
        const fast = deferred<string[]>()
        const answers = [slow.promise, fast.promise]
        const list = useList(() => answers.shift()!)
        const first = list.load()
        const second = list.load()
        fast.resolve(['REFUSED'])
        await second
        slow.resolve(['every state'])
        await first
        expect(list.rows.value).toEqual(['REFUSED'])
        expect(list.loading.value).toBe(false)
        // nor does an earlier failure arriving late show an error over the later answer
        const failing = deferred<string[]>()
        const ok = deferred<string[]>()
        const more = [failing.promise, ok.promise]
        const other = useList(() => more.shift()!)
        const a = other.load()
        const b = other.load()
        ok.resolve(['x'])
        await b
        failing.reject(new ApiError(500, { title: 'Server error' }))
        await a
        expect(other.error.value).toBe('')
        expect(other.rows.value).toEqual(['x'])
    })

    it('tells a failure as an alert line in the UI language, or as a toast, and keeps the rows it had', async () => {
        setLanguage('en')
        const answers: Promise<string[]>[] = [Promise.resolve(['kept']), Promise.reject(new ApiError(0, {}))]
        const list = useList(() => answers.shift()!)
        await list.load()
        await list.load()
        expect(list.error.value).toBe('Cannot reach the server. Check the connection and try again.')
        expect(list.rows.value).toEqual(['kept'])

        const toasted = useList(() => Promise.reject(new ApiError(0, {})), { report: 'toast' })
        await toasted.load()
        expect(toasted.error.value).toBe('')
        expect(toast).toHaveBeenCalledWith('Cannot reach the server. Check the connection and try again.')
    })

    it('asks for all without a parameter, and for one under its name', () => {
        expect(filterQuery('')).toEqual({})
        expect(filterQuery('REQUESTED')).toEqual({ status: 'REQUESTED' })
        expect(filterQuery('ISSUED', 'state')).toEqual({ state: 'ISSUED' })
    })
})
