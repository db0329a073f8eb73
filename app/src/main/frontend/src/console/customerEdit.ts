import { WHOLE_NUMBERS, type CustomerField } from './customerRules'

/** The fields an edit may change; the branch and the accounts are not edited here. */
export const EDITABLE: CustomerField[] = [
    'customerClass', 'kind', 'name', 'idNumber', 'contractedKva', 'contractedDemandKw', 'householdSize', 'phone', 'email',
]

/**
 * What an edit sends (PATCH): only the fields that differ from what was loaded. A field the server sent masked is
 * shown as a placeholder with an empty input, so it changes only when the clerk types a new value into it; the stars
 * are never sent back. An e-mail emptied by the clerk is sent as "" (cleared); capacity, demand and household size as
 * numbers.
 */
export function editChange(
    loaded: Partial<Record<CustomerField, string>>,
    form: Partial<Record<CustomerField, string>>,
    masked: ReadonlySet<CustomerField>,
): Partial<Record<CustomerField, string | number>> {
    const out: Partial<Record<CustomerField, string | number>> = {}
    for (const field of EDITABLE) {
        const now = (form[field] ?? '').trim()
        if (masked.has(field)) {
            if (now !== '') out[field] = now
            continue
        }
        if (now === (loaded[field] ?? '').trim()) continue
        if (WHOLE_NUMBERS.includes(field)) {
            if (now !== '') out[field] = /^-?[0-9]+$/.test(now) ? Number(now) : now
        } else if (now !== '' || field === 'email') {
            out[field] = now
        }
    }
    return out
}
