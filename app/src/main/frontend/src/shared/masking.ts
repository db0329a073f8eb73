/**
 * Display of personal data. The server masks everything by default (and unmasks only with a
 * permission and a reason); these mirror its rules for values the user typed themselves, e.g.
 * "code sent to 138****5678", so the screen never shows more than the API would.
 */

export const MASK = '*'

/** Whether a value as received is masked (the server replaces hidden characters with '*'). */
export function isMasked(value: string | null | undefined): boolean {
    return typeof value === 'string' && value.includes(MASK)
}

/** 13812345678 -> 138****5678; shorter numbers keep the first 3 and last 2 where there is room. */
export function maskPhone(phone: string | null | undefined): string {
    if (!phone || !phone.trim()) return ''
    const p = phone.trim()
    if (p.length >= 11) return p.slice(0, 3) + '****' + p.slice(-4)
    if (p.length > 5) return p.slice(0, 3) + MASK.repeat(p.length - 5) + p.slice(-2)
    return MASK.repeat(p.length)
}

/** zhang.san@example.com -> z***@example.com, as the server masks (PersonalData.maskEmail). */
export function maskEmail(email: string | null | undefined): string {
    if (!email || !email.trim()) return ''
    const e = email.trim()
    const at = e.indexOf('@')
    if (at <= 0) return MASK.repeat(e.length)
    return e.charAt(0) + MASK.repeat(3) + e.slice(at)
}

/** 张三 -> 张*, 欧阳娜娜 -> 欧***: the first character stays. */
export function maskName(name: string | null | undefined): string {
    if (!name || !name.trim()) return ''
    const chars = Array.from(name)
    return chars[0] + MASK.repeat(Math.max(chars.length - 1, 1))
}

/** 110101199003071234 -> 1***************34 */
export function maskIdNumber(id: string | null | undefined): string {
    if (!id || !id.trim()) return ''
    if (id.length <= 4) return MASK.repeat(id.length)
    return id[0] + MASK.repeat(id.length - 3) + id.slice(-2)
}

/**
 * Keeps an address's district and a short tail, masking the street between: 浙江省杭州市西湖区文三路123号5幢201室 ->
 * 浙江省杭州市西湖区****201室; without a district, the first third (at least 6 characters). The server's rule
 * (PersonalData.maskAddress); both run maskAddress.cases.json.
 */
export function maskAddress(address: string | null | undefined): string {
    if (!address || !address.trim()) return ''
    const chars = Array.from(address)
    const n = chars.length
    let keep = districtEnd(chars)
    if (keep < 0 || keep >= n) keep = Math.max(1, Math.min(n - 1, Math.max(6, Math.floor(n / 3))))
    const rest = n - keep
    const tail = rest >= 8 ? 4 : rest >= 4 ? 2 : 0
    return chars.slice(0, keep).join('') + '****' + chars.slice(n - tail).join('')
}

function districtEnd(chars: string[]): number {
    const indexOf = (any: string, from: number, to: number) => {
        for (let i = Math.max(0, from); i < Math.min(chars.length, to); i++) if (any.includes(chars[i])) return i
        return -1
    }
    let from = indexOf('市', 0, 16)
    if (from < 0) from = indexOf('州盟', 0, 16)
    const start = from + 1
    const end = indexOf(from < 0 ? '区县旗' : '区县旗市', start, start + 8)
    return end < 0 ? -1 : end + 1
}

/** What a field shows: the value as the API sent it, or a dash when there is none. */
export function shown(value: unknown): string {
    if (value === null || value === undefined) return '—'
    const s = String(value).trim()
    return s === '' ? '—' : s
}
