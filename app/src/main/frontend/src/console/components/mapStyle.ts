/** Colours of grid assets on the map, by status; the legend uses the same table. */
export const STATUS_COLOURS: Record<string, string> = {
    NORMAL: '#16a34a',
    ACTIVE: '#16a34a',
    IN_SERVICE: '#16a34a',
    ENERGISED: '#16a34a',
    ENERGIZED: '#16a34a',
    OVERLOAD: '#f59e0b',
    HEAVY_LOAD: '#f59e0b',
    MAINTENANCE: '#6366f1',
    PLANNED: '#6366f1',
    FAULT: '#dc2626',
    OUTAGE: '#dc2626',
    DEENERGISED: '#dc2626',
}

export function statusColour(status: unknown): string {
    return STATUS_COLOURS[String(status ?? '').toUpperCase()] ?? '#64748b'
}

export const LEGEND = ['NORMAL', 'OVERLOAD', 'MAINTENANCE', 'FAULT', 'UNKNOWN']

/** The colour of a line in normal service; the legend draws its sample with it. */
export const LINE_COLOUR = '#2563eb'

/**
 * The colour a line is drawn in: blue in normal service (or status unknown), its status colour otherwise. The map
 * and its legend both use this (issue 8: lines in service were drawn green under a blue legend sample).
 */
export function lineColour(status: unknown): string {
    const c = statusColour(status)
    return c === statusColour('NORMAL') || c === statusColour(undefined) ? LINE_COLOUR : c
}

/** Abnormal line states the legend lists beside the normal one. */
export const LINE_LEGEND = ['NORMAL', 'OVERLOAD', 'MAINTENANCE', 'FAULT']

export function featureType(properties: Record<string, unknown> | null | undefined): string {
    const raw = String(properties?.type ?? properties?.kind ?? properties?.nodeType ?? '').toUpperCase().replace(/[-\s]/g, '_')
    if (raw === 'FEEDER') return 'LINE'
    if (raw === 'AREA' || raw === 'TRANSFORMERAREA') return 'TRANSFORMER_AREA'
    return raw
}
