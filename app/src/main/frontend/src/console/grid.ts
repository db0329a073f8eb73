import { api, itemsOf, type ListOrPage } from '@/api'
import { idOf } from '@/shared/ids'

/** A topology node as the console shows it, whatever the API's level names ("AREA" or "TRANSFORMER_AREA"). */
export interface TreeNode {
    type: string
    slug: string
    id: string
    name?: string
    code?: string
    status?: string
    meters?: number
    accounts?: number
    branchId?: string
    leaf: boolean
}

const DISPLAY: Record<string, string> = { AREA: 'TRANSFORMER_AREA', BOX: 'METER_BOX', FEEDER: 'LINE' }
const SLUG: Record<string, string> = {
    BRANCH: 'branch', SUBSTATION: 'substation', LINE: 'line', TRANSFORMER_AREA: 'area', METER_BOX: 'box', METER: 'meter',
}

export function displayType(type: unknown): string {
    const t = String(type ?? '').toUpperCase()
    return DISPLAY[t] ?? t
}

export function slugOf(type: string): string {
    return SLUG[displayType(type)] ?? type.toLowerCase()
}

export function gridNode(raw: Record<string, unknown>, fallbackType = ''): TreeNode {
    const ref = (raw.ref ?? {}) as Record<string, unknown>
    const type = displayType(ref.type ?? raw.type ?? fallbackType)
    const num = (v: unknown) => (typeof v === 'number' ? v : undefined)
    return {
        type,
        slug: slugOf(type),
        id: idOf(ref.id ?? raw.id) ?? '',
        name: raw.name === undefined || raw.name === null ? undefined : String(raw.name),
        code: raw.code === undefined || raw.code === null ? (raw.number as string | undefined) : String(raw.code),
        status: raw.status === undefined || raw.status === null ? undefined : String(raw.status),
        meters: num(raw.meters) ?? num(raw.meterCount),
        accounts: num(raw.accounts) ?? num(raw.accountCount) ?? num(raw.customerCount),
        branchId: idOf(raw.branchId),
        leaf: type === 'METER',
    }
}

export interface Branch {
    id: string
    name: string
}

export async function loadBranches(): Promise<Branch[]> {
    const list = itemsOf(await api.get<ListOrPage<Record<string, unknown>>>('/api/v1/grid/branches'))
    return list.map((b) => ({ id: idOf(b.id) ?? String(b.code), name: String(b.name ?? b.code ?? idOf(b.id)) }))
}

const NATURAL = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' })

/** Grid nodes in natural order of their code, then name, X-375 (issue 8: they sorted as text). */
export function naturalOrder<T>(items: T[], node: (item: T) => { code?: string; name?: string } = (i) => i as { code?: string; name?: string }): T[] {
    return [...items].sort((x, y) => {
        const a = node(x)
        const b = node(y)
        return NATURAL.compare(a.code ?? a.name ?? '', b.code ?? b.name ?? '') || NATURAL.compare(a.name ?? '', b.name ?? '')
    })
}
