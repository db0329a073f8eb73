/**
 * The portal's verified contact change (INFO-2): the owner's mobile number or e-mail address, one at a time. Without a
 * code the server sends one to the new number (SMS) or address (e-mail); with it, the change is made.
 */
import { CODE, PHONE } from '@/shared/countdown'
import { EMAIL, EMAIL_MAX } from '@/shared/email'
import { maskEmail, maskPhone } from '@/shared/masking'
import { pickText } from '@/shared/pick'

export type ContactField = 'phone' | 'email'
export const CONTACT_FIELDS: ContactField[] = ['phone', 'email']

/** The message key of what is wrong with a new value, or undefined when it may be sent. */
export function newValueProblem(field: ContactField, value: string): string | undefined {
    const v = value.trim()
    if (field === 'phone') return PHONE.test(v) ? undefined : 'errors.phone'
    if (!v) return 'portal.contact.emailRequired'
    if (v.length > EMAIL_MAX) return 'rules.Customer.tooLong'
    return EMAIL.test(v) ? undefined : 'rules.Customer.email.invalid'
}

export function codeProblem(code: string): string | undefined {
    return CODE.test(code.trim()) ? undefined : 'errors.code'
}

/** The body of the request: exactly one of phone and email, with the code in the second step. */
export function changeBody(field: ContactField, value: string, code?: string): Record<string, string> {
    const body: Record<string, string> = { [field]: value.trim() }
    if (code && code.trim()) body.code = code.trim()
    return body
}

/** The new value as the notice shows it: masked, as the server would. */
export function maskedNew(field: ContactField, value: string): string {
    return field === 'phone' ? maskPhone(value) : maskEmail(value)
}

/** The owner's current value as the account's details give it (already masked by the server). */
export function currentOf(account: Record<string, unknown> | null | undefined, field: ContactField): string | undefined {
    if (!account) return undefined
    return field === 'phone'
        ? pickText(account, 'ownerPhone')
        : pickText(account, 'ownerEmail')
}
