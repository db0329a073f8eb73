import { describe, expect, it } from 'vitest'
import { blocked, expiresSoon, itemName, rulesText, signed } from './points'

describe('points', () => {
    it('signs entries', () => {
        expect(signed(200)).toBe('+200')
        expect(signed(-150)).toBe('-150')
    })

    it('says why an item cannot be redeemed, sold out before short', () => {
        expect(blocked({ pricePoints: 100, stock: 1, active: true }, 100)).toBeNull()
        expect(blocked({ pricePoints: 100, stock: 1, active: true }, 99)).toBe('short')
        expect(blocked({ pricePoints: 100, stock: 0, active: true }, 1000)).toBe('soldOut')
        expect(blocked({ pricePoints: 100, stock: 5, active: false }, 1000)).toBe('soldOut')
        expect(blocked({ pricePoints: 100, stock: 1, active: true }, 1000, 2)).toBe('soldOut')
        expect(blocked({ pricePoints: 100, stock: 3, active: true }, 150, 2)).toBe('short')
    })

    it('warns of expiry in the last two months of the year only when points expire', () => {
        const b = { expiring: 120, expiringOn: '2026-12-31' }
        expect(expiresSoon(b, new Date(2026, 10, 15))).toBe(true)
        expect(expiresSoon(b, new Date(2026, 5, 1))).toBe(false)
        expect(expiresSoon({ ...b, expiring: 0 }, new Date(2026, 11, 1))).toBe(false)
        expect(expiresSoon(b, new Date(2027, 0, 1))).toBe(false)
    })

    it('names items in the UI language, English falling back to Chinese', () => {
        expect(itemName({ nameZh: '节能灯泡', nameEn: 'LED bulb' }, 'zh-CN')).toBe('节能灯泡')
        expect(itemName({ nameZh: '节能灯泡', nameEn: 'LED bulb' }, 'en')).toBe('LED bulb')
        expect(itemName({ nameZh: '节能灯泡', nameEn: '' }, 'en')).toBe('节能灯泡')
    })

    it('takes the numbers of the texts from the rules, a channel without a rate earning 0', () => {
        expect(rulesText({ version: 1, from: '2020-01-01', pointsPerYuan: { GATEWAY: 2, BANK: 3 }, onTimeBonusPercent: 50, maxPerPosting: 1, maxPerYear: 1 }))
            .toEqual({ gateway: 2, bank: 3, card: 0, cash: 0, bonus: 50 })
    })
})
