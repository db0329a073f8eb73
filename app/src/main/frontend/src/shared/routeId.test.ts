import { nextTick, ref } from 'vue'
import { describe, expect, it } from 'vitest'
import { loadForId } from './routeId'

describe('loadForId', () => {
    it('loads at once, again when the id changes, and drops a late answer for the previous id (issue 8)', async () => {
        const id = ref('1')
        const shown: string[] = []
        const pending: { id: string; current: () => boolean }[] = []
        loadForId(() => id.value, (current) => { pending.push({ id: id.value, current }) })
        expect(pending.map((p) => p.id)).toEqual(['1'])
        id.value = '2'
        await nextTick()
        expect(pending.map((p) => p.id)).toEqual(['1', '2'])
        for (const p of [pending[1], pending[0]]) if (p.current()) shown.push(p.id)
        expect(shown).toEqual(['2'])
    })
})
