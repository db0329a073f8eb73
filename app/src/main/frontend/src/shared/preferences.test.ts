import { describe, expect, it } from 'vitest'
import { isOn, toggle, unreachable, updateBody, type PreferencesView } from './preferences'

describe('notification preferences', () => {
    const view = (): PreferencesView => ({
        categories: [
            { category: 'SERVICE', channels: ['SMS'], fixed: ['SMS'] },
            { category: 'OUTAGE', channels: ['IN_APP'], fixed: [] },
        ],
    })

    it('turn channels on and off, keeping a stable order', () => {
        const v = view()
        toggle(v.categories[1], 'SMS', true)
        toggle(v.categories[1], 'EMAIL', true)
        toggle(v.categories[1], 'IN_APP', false)
        expect(v.categories[1].channels).toEqual(['SMS', 'EMAIL'])
    })

    it('never turn off a fixed channel, and always send it back', () => {
        const v = view()
        toggle(v.categories[0], 'SMS', false)
        expect(v.categories[0].channels).toEqual(['SMS'])
        v.categories[0].channels = []
        expect(updateBody(v).categories[0]).toEqual({ category: 'SERVICE', channels: ['SMS'] })
    })

    it('send every category without the contacts', () => {
        const body = updateBody({ ...view(), contacts: { phone: '138****0000' } })
        expect(Object.keys(body)).toEqual(['categories'])
        expect(body.categories.map((c) => c.category)).toEqual(['SERVICE', 'OUTAGE'])
    })

    it('shows WeChat off and leaves it out until a WeChat account is bound (issue 8)', () => {
        const view = { categories: [{ category: 'OUTAGE', channels: ['SMS', 'WECHAT'] }], contacts: { wechatBound: false } }
        expect(unreachable(view, 'WECHAT')).toBe(true)
        expect(isOn(view, view.categories[0], 'WECHAT')).toBe(false)
        expect(updateBody(view).categories[0].channels).toEqual(['SMS'])
        const bound = { ...view, contacts: { wechatBound: true } }
        expect(isOn(bound, bound.categories[0], 'WECHAT')).toBe(true)
        expect(updateBody(bound).categories[0].channels).toEqual(['SMS', 'WECHAT'])
    })
})
