import { describe, expect, it } from 'vitest'
import { draftTemplate, earliestStart, openDraft, parseDraft, versionOn, type TariffView } from './tariffs'

const tariff: TariffView = {
    id: 'CN-ZJ-RES-TIERED',
    name: '居民生活用电',
    region: 'CN-ZJ',
    customerClass: 'RESIDENTIAL',
    voltage: 'BELOW_1KV',
    category: 'RESIDENTIAL_TIERED',
    versions: [
        { version: 1, effectiveFrom: '2012-07-01', effectiveTo: '2026-12-31', status: 'PACK', source: 'a',
          definition: { effectiveFrom: '2012-07-01', source: 'a', energy: { price: '0.538' } } },
        { version: 2, effectiveFrom: '2027-01-01', status: 'APPROVED', source: 'b',
          definition: { effectiveFrom: '2027-01-01', source: 'b', energy: { price: '0.548' } } },
        { version: 3, effectiveFrom: '2027-07-01', status: 'DRAFT', source: 'c',
          definition: { effectiveFrom: '2027-07-01', source: 'c', energy: { price: '0.558' } } },
    ],
}

describe('tariff catalogue', () => {
    it('finds the open draft and the version in force, never the draft', () => {
        expect(openDraft(tariff)?.version).toBe(3)
        expect(versionOn(tariff, '2026-12-31')?.version).toBe(1)
        expect(versionOn(tariff, '2027-08-01')?.version).toBe(2)
        expect(versionOn(tariff, '2001-01-01')).toBeUndefined()
    })

    it('starts a new draft after today and after the latest version, from its definition', () => {
        expect(earliestStart(tariff, '2026-12-06')).toBe('2027-01-02')
        expect(earliestStart(tariff, '2027-03-31')).toBe('2027-04-01')
        const draft = JSON.parse(draftTemplate(tariff, '2026-12-06'))
        expect(draft).toEqual({ effectiveFrom: '2027-01-02', source: '', energy: { price: '0.548' } })
    })

    it('accepts only a JSON object as a draft', () => {
        expect(parseDraft('{"energy": {"price": "0.5"}}')).toEqual({ value: { energy: { price: '0.5' } } })
        expect(parseDraft('[1]')).toEqual({ error: 'not-object' })
        expect(parseDraft('{"energy": ')).toMatchObject({ error: 'not-json' })
    })
})
