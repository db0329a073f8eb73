/**
 * Reward points (PAY-5) as the portal shows them. The server keeps the balance and decides every redemption (409
 * points-insufficient, sold-out); these helpers only say what can be tried and how entries read.
 */

export type PointsEntryKind = 'EARN' | 'TAKE_BACK' | 'REDEEM' | 'EXPIRE'

export interface PointsBalance {
    supplyAccountId: number
    points: number
    expiring: number
    expiringOn: string
}

export interface PointsEntry {
    id: number
    kind: PointsEntryKind
    points: number
    at: string
    postingId?: number | null
    earnedYear?: number | null
    redemptionId?: number | null
    itemName?: string | null
    itemNameEn?: string | null
}

export interface PointsOut {
    balance: PointsBalance
    history: PointsEntry[]
}

export interface MallItem {
    id: number
    nameZh: string
    nameEn: string
    descriptionZh: string
    descriptionEn: string
    pricePoints: number
    stock: number
    active: boolean
    version: number
}

export interface Redemption {
    id: number
    supplyAccountId: number
    itemId: number
    quantity: number
    points: number
    at: string
    balanceAfter: number
}

/** "+200" for what came in, "-150" for what went out. */
export function signed(points: number): string {
    return points > 0 ? `+${points}` : String(points)
}

/** Why an item cannot be redeemed now, or null when it can be tried. */
export function blocked(item: Pick<MallItem, 'pricePoints' | 'stock' | 'active'>, balance: number, quantity = 1): 'soldOut' | 'short' | null {
    if (!item.active || item.stock < quantity) return 'soldOut'
    if (balance < item.pricePoints * quantity) return 'short'
    return null
}

/** Whether to warn that points expire soon: some expire at the end of this year and it is November or December. */
export function expiresSoon(b: Pick<PointsBalance, 'expiring' | 'expiringOn'>, now: Date = new Date()): boolean {
    if (b.expiring <= 0) return false
    const end = new Date(`${b.expiringOn}T23:59:59`)
    const days = (end.getTime() - now.getTime()) / 86_400_000
    return days >= 0 && days <= 61
}

/** The item's name in the UI's language. */
export function itemName(item: { nameZh?: string | null; nameEn?: string | null }, locale: string): string {
    return (locale.startsWith('zh') ? item.nameZh : item.nameEn || item.nameZh) ?? ''
}

export interface PointsRules {
    version: number
    from: string
    pointsPerYuan: Partial<Record<'GATEWAY' | 'BANK' | 'CARD' | 'CASH', number>>
    onTimeBonusPercent: number
    maxPerPosting: number
    maxPerYear: number
}

/** The numbers the texts about earning name, from the rules in force (the server's data, never copied here). */
export function rulesText(r: PointsRules): { gateway: number; bank: number; card: number; cash: number; bonus: number } {
    const p = r.pointsPerYuan
    return { gateway: p.GATEWAY ?? 0, bank: p.BANK ?? 0, card: p.CARD ?? 0, cash: p.CASH ?? 0, bonus: r.onTimeBonusPercent }
}
