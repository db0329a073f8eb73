/**
 * A supply path (branch -> substation -> line -> 台区 -> meter box -> meter) from the shapes the
 * API may use: a list of typed nodes, an object holding such a list, or one field per level.
 */
export interface PathNode {
    type: string
    id?: string
    name?: string
    number?: string
    status?: string
    capacityKva?: number
}

export const LEVELS = ['BRANCH', 'SUBSTATION', 'LINE', 'TRANSFORMER_AREA', 'METER_BOX', 'METER'] as const

const FIELD_TYPES: Record<string, string> = {
    branch: 'BRANCH',
    substation: 'SUBSTATION',
    line: 'LINE',
    feeder: 'LINE',
    transformerArea: 'TRANSFORMER_AREA',
    area: 'TRANSFORMER_AREA',
    meterBox: 'METER_BOX',
    box: 'METER_BOX',
    meter: 'METER',
    meters: 'METER',
}

function normaliseType(type: unknown): string {
    const t = String(type ?? '').toUpperCase().replace(/[-\s]/g, '_')
    if (t === 'FEEDER') return 'LINE'
    if (t === 'AREA' || t === 'TRANSFORMERAREA') return 'TRANSFORMER_AREA'
    if (t === 'METERBOX' || t === 'BOX') return 'METER_BOX'
    return t
}

function node(type: string, raw: unknown): PathNode | null {
    if (!raw || typeof raw !== 'object') return null
    const r = raw as Record<string, unknown>
    const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v))
    return {
        type: normaliseType(r.type ?? type),
        id: str(r.id),
        name: str(r.name),
        number: str(r.number ?? r.code ?? r.assetNumber ?? r.serialNumber),
        status: str(r.status),
        capacityKva: typeof r.capacityKva === 'number' ? r.capacityKva : undefined,
    }
}

function rank(type: string): number {
    const i = (LEVELS as readonly string[]).indexOf(type)
    return i < 0 ? LEVELS.length : i
}

export function supplyPath(value: unknown): PathNode[] {
    if (!value) return []
    let nodes: PathNode[] = []
    if (Array.isArray(value)) {
        nodes = value.map((v) => node('', v)).filter((n): n is PathNode => !!n && !!n.type)
    } else if (typeof value === 'object') {
        const obj = value as Record<string, unknown>
        const list = obj.path ?? obj.supplyPath ?? obj.nodes ?? obj.chain
        if (Array.isArray(list)) return supplyPath(list)
        for (const [field, type] of Object.entries(FIELD_TYPES)) {
            const v = obj[field]
            if (Array.isArray(v)) v.forEach((x) => { const n = node(type, x); if (n) nodes.push(n) })
            else { const n = node(type, v); if (n) nodes.push(n) }
        }
    }
    return nodes.sort((a, b) => rank(a.type) - rank(b.type))
}
