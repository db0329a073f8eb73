import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { GUIDE_CHANNELS, guideKeys } from './guide'

const get = (tree: unknown, path: string): unknown =>
    path.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), tree)

describe('payment guide', () => {
    it('covers every way to pay the issue names', () => {
        expect(GUIDE_CHANNELS.map((c) => c.id)).toEqual(['WECHAT', 'ALIPAY', 'UNIONPAY', 'EPAY', 'BANK', 'COUNTER', 'VOUCHER'])
    })

    it('has every step of every channel in Chinese and English', () => {
        const missing = GUIDE_CHANNELS.flatMap(guideKeys).filter((k) => typeof get(zhCN, k) !== 'string' || typeof get(en, k) !== 'string')
        expect(missing).toEqual([])
    })
})
