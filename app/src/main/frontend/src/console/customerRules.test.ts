import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import cases from './customerRules.cases.json'
import { checkCustomer, isResidentId, type CustomerField, type CustomerValues } from './customerRules'

type Tree = { [key: string]: string | Tree }

function properties(name: string): Record<string, string> {
    const text = readFileSync(join(__dirname, '../../../resources', name), 'utf8')
    const out: Record<string, string> = {}
    for (const line of text.split('\n')) {
        if (!line.trim() || line.startsWith('#') || !line.includes('=')) continue
        const i = line.indexOf('=')
        out[line.slice(0, i)] = line.slice(i + 1)
    }
    return out
}

function flat(tree: Tree, prefix = ''): Record<string, string> {
    return Object.fromEntries(Object.entries(tree).flatMap(([k, v]) =>
        typeof v === 'string' ? [[prefix + k, v]] : Object.entries(flat(v, `${prefix}${k}.`))))
}

describe('customer rules', () => {
    for (const c of cases.cases) {
        it(`agree with the server on: ${c.name}`, () => {
            const only = 'only' in c ? (c.only as CustomerField[]) : undefined
            const broken = checkCustomer(c.form as CustomerValues, only)
            const keys = Object.fromEntries(Object.entries(broken).map(([f, b]) => [f, b!.key]))
            expect(keys).toEqual(c.invalid)
        })
    }

    it('reads a resident ID number as the server does', () => {
        expect(isResidentId('11010519491231002X')).toBe(true)
        expect(isResidentId('11010519491231002x')).toBe(true)
        expect(isResidentId('110105194912310021')).toBe(false)
        expect(isResidentId('1101051949123100')).toBe(false)
    })

    it('refuses a fractional capacity with the words of the server instead of cutting it off (#7)', () => {
        expect(checkCustomer({ contractedKva: '12.5' }, ['contractedKva']).contractedKva).toEqual({ key: 'input.whole-number' })
        expect(checkCustomer({ contractedKva: '12' }, ['contractedKva']).contractedKva).toBeUndefined()
    })

    it('refuses a fractional demand or household size as it does a fractional capacity (#9)', () => {
        expect(checkCustomer({ contractedDemandKw: '630.5' }, ['contractedDemandKw']).contractedDemandKw).toEqual({ key: 'input.whole-number' })
        expect(checkCustomer({ householdSize: '4,5' }, ['householdSize']).householdSize).toEqual({ key: 'input.whole-number' })
        expect(checkCustomer({ householdSize: '5' }, ['householdSize']).householdSize).toBeUndefined()
    })

    it('gives the length limit as an argument', () => {
        expect(checkCustomer({ name: 'x'.repeat(101) }, ['name']).name).toEqual({ key: 'Customer.tooLong', args: { max: 100 } })
    })

    for (const [language, tree, file] of [['zh-CN', zhCN, 'messages.properties'], ['en', en, 'messages_en.properties']] as const) {
        it(`say in ${language} word for word what the server says`, () => {
            const server = properties(file)
            const mine = flat((tree as unknown as { rules: Tree }).rules)
            expect(Object.keys(mine).length).toBeGreaterThan(10)
            for (const [key, text] of Object.entries(mine)) expect([key, server[key]]).toEqual([key, text])
            // every key a rule answers has a text
            for (const c of cases.cases) for (const key of Object.values(c.invalid)) expect(mine[key as string], key as string).toBeTruthy()
        })
    }
})
