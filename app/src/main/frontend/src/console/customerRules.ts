/**
 * The rules of a customer form, checked in the browser before anything is sent. They mirror the server's
 * (`CustomerForm` and `CustomerFormCheck`) and answer the same message keys (`Customer.*`, `Phone`,
 * `ValidCustomer.*` in messages.properties, under `rules` in the UI messages): `customerRules.cases.json`
 * holds cases both sides run, and a test compares the message texts with the server's bundles.
 */

import { EMAIL, EMAIL_MAX } from '@/shared/email'

export type CustomerField =
    | 'customerClass' | 'kind' | 'name' | 'idNumber' | 'contractedKva' | 'contractedDemandKw' | 'householdSize'
    | 'phone' | 'email'
    | 'branchId' | 'address' | 'tariffCategory' | 'accountName'

/** A form as the inputs hold it: text, with the whole numbers (capacity, demand, household size) as typed. */
export type CustomerValues = Partial<Record<CustomerField, string | number | null>>

/** A rule broken: the message key and its arguments. */
export interface Broken {
    key: string
    args?: Record<string, number>
}

export const PHONE = /^(\+?86)?1[3-9][0-9]{9}$/
/** Empty (none), or one @ with something on both sides and a dot in the domain; no spaces (shared with the portal). */
export { EMAIL }
/** GB 32100 unified social credit code: 18 characters from a 31-letter alphabet (no I, O, S, V, Z). */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/
export const MAX_LENGTH: Partial<Record<CustomerField, number>> = {
    name: 100, idNumber: 40, email: EMAIL_MAX, address: 200, tariffCategory: 40, accountName: 100,
}
export const MAX_KVA = 1_000_000
export const MAX_DEMAND_KW = 1_000_000
export const MAX_HOUSEHOLD = 99

/** The fields typed as whole numbers; the server reads them as numbers. */
export const WHOLE_NUMBERS: CustomerField[] = ['contractedKva', 'contractedDemandKw', 'householdSize']

/**
 * Fields whose rules read another: changing the kind re-checks the ID number, the class the capacity, the capacity
 * the contracted demand (which may not exceed it).
 */
export const DEPENDENTS: Partial<Record<CustomerField, CustomerField>> = {
    kind: 'idNumber', customerClass: 'contractedKva', contractedKva: 'contractedDemandKw',
}

const REQUIRED: CustomerField[] = ['customerClass', 'kind', 'name', 'idNumber', 'phone', 'branchId']
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** A resident ID number per GB 11643: 18 characters, a real birth date from 1900, the ISO 7064 check character. */
export function isResidentId(id: string): boolean {
    if (!/^[0-9]{17}[0-9Xx]$/.test(id)) return false
    const y = Number(id.slice(6, 10))
    const m = Number(id.slice(10, 12))
    const d = Number(id.slice(12, 14))
    const date = new Date(Date.UTC(y, m - 1, d))
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false
    let sum = 0
    for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]
    return CHECK[sum % 11] === id[17].toUpperCase()
}

function text(v: unknown): string {
    return v === null || v === undefined ? '' : String(v)
}

/** The capacity as the server would read it: a whole number, or null when left empty; NaN when not a number. */
export function kvaValue(v: unknown): number | null {
    const s = text(v).trim()
    if (s === '') return null
    return /^-?[0-9]+$/.test(s) ? Number(s) : Number.NaN
}

/**
 * The broken rules of a form, by field. `only` limits the check to the fields an edit changes (and those whose
 * rules read them), as the server does: a stored value left alone is not judged again.
 */
export function checkCustomer(form: CustomerValues, only?: Iterable<CustomerField>): Partial<Record<CustomerField, Broken>> {
    const out: Partial<Record<CustomerField, Broken>> = {}
    for (const field of REQUIRED) {
        if (!text(form[field]).trim()) out[field] = { key: `Customer.${field}.required` }
    }
    for (const [field, max] of Object.entries(MAX_LENGTH) as [CustomerField, number][]) {
        if (!out[field] && text(form[field]).length > max) out[field] = { key: 'Customer.tooLong', args: { max } }
    }
    const phone = text(form.phone)
    if (!out.phone && !PHONE.test(phone)) out.phone = { key: 'Phone' }
    const email = text(form.email)
    if (!out.email && !EMAIL.test(email)) out.email = { key: 'Customer.email.invalid' }
    const kva = kvaValue(form.contractedKva)
    const wholeOrRange = (field: CustomerField, value: number | null, min: number, max: number): boolean => {
        // a fraction is refused, not cut off: the server's JSON reader answers the same words
        if (value !== null && Number.isNaN(value) && /^-?[0-9]+[.,][0-9]*$/.test(text(form[field]).trim()))
            out[field] = { key: 'input.whole-number' }
        else if (value !== null && !(value >= min && value <= max)) out[field] = { key: `Customer.${field}.range` }
        return out[field] === undefined
    }
    if (wholeOrRange('contractedKva', kva, 1, MAX_KVA) && kva === null && form.customerClass === 'LARGE_INDUSTRIAL')
        out.contractedKva = { key: 'ValidCustomer.contractedKva' }
    const demand = kvaValue(form.contractedDemandKw)
    if (wholeOrRange('contractedDemandKw', demand, 1, MAX_DEMAND_KW) && demand !== null && kva !== null
        && !Number.isNaN(kva) && demand > kva)
        out.contractedDemandKw = { key: 'ValidCustomer.contractedDemandKw' }
    wholeOrRange('householdSize', kvaValue(form.householdSize), 1, MAX_HOUSEHOLD)
    const id = text(form.idNumber).trim().toUpperCase()
    if (!out.idNumber && id !== '') {
        const ok = form.kind === 'ORGANISATION' ? CREDIT_CODE.test(id) : isResidentId(id)
        if (!ok) out.idNumber = { key: 'ValidCustomer.idNumber' }
    }
    if (only === undefined) return out
    const checked = new Set<CustomerField>()
    for (const f of only) {
        checked.add(f)
        const dependent = DEPENDENTS[f]
        if (dependent) checked.add(dependent)
    }
    for (const f of Object.keys(out) as CustomerField[]) if (!checked.has(f)) delete out[f]
    return out
}
