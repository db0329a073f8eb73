/**
 * The payment guide's channels (PAY-2) in the order the portal shows them: online first. Each has a title, a
 * summary and `steps` numbered texts in the i18n messages (portal.guide.<id>.step1 ...), and says which points it
 * earns (resources payment/points-rules.yaml; the guide only names the tier).
 */
export interface GuideChannel {
    id: 'WECHAT' | 'ALIPAY' | 'UNIONPAY' | 'EPAY' | 'BANK' | 'COUNTER' | 'VOUCHER'
    steps: number
    points: 'most' | 'more' | 'some' | null
}

export const GUIDE_CHANNELS: GuideChannel[] = [
    { id: 'WECHAT', steps: 4, points: 'more' },
    { id: 'ALIPAY', steps: 4, points: 'more' },
    { id: 'UNIONPAY', steps: 3, points: 'more' },
    { id: 'EPAY', steps: 3, points: 'more' },
    { id: 'BANK', steps: 3, points: 'most' },
    { id: 'COUNTER', steps: 3, points: 'some' },
    { id: 'VOUCHER', steps: 3, points: null },
]

/** The i18n keys a channel needs, for the test that every one exists in both languages. */
export function guideKeys(c: GuideChannel): string[] {
    const keys = [`portal.guide.${c.id}.title`, `portal.guide.${c.id}.summary`]
    for (let n = 1; n <= c.steps; n++) keys.push(`portal.guide.${c.id}.step${n}`)
    if (c.points) keys.push(`portal.guide.earns.${c.points}`)
    return keys
}
