import { describe, expect, it } from 'vitest'
import { changeBody, codeProblem, currentOf, maskedNew, newValueProblem } from './contactChange'
import { EMAIL } from '@/console/customerRules'
import { EMAIL as SHARED } from '@/shared/email'
import en from '@/i18n/en'
import zh from '@/i18n/zh-CN'
import { pick } from '@/shared/pick'

describe('the portal contact change', () => {
    it('checks a new phone as the sign-in does and an address with the staff form’s rule', () => {
        expect(newValueProblem('phone', '13812345678')).toBeUndefined()
        expect(newValueProblem('phone', '1381234')).toBe('errors.phone')
        expect(newValueProblem('email', ' zhang.san@example.com ')).toBeUndefined()
        expect(newValueProblem('email', '')).toBe('portal.contact.emailRequired')
        expect(newValueProblem('email', 'zhang san@example.com')).toBe('rules.Customer.email.invalid')
        expect(newValueProblem('email', 'a@b')).toBe('rules.Customer.email.invalid')
        expect(newValueProblem('email', 'a@' + 'b'.repeat(200) + '.cn')).toBe('rules.Customer.tooLong')
        expect(SHARED).toBe(EMAIL)
    })

    it('asks for a six-digit code', () => {
        expect(codeProblem('123456')).toBeUndefined()
        expect(codeProblem('12345')).toBe('errors.code')
    })

    it('sends exactly one of phone and email, and the code only in the second step', () => {
        expect(changeBody('email', ' a.b@example.com ')).toEqual({ email: 'a.b@example.com' })
        expect(changeBody('phone', '13812345678', '')).toEqual({ phone: '13812345678' })
        expect(changeBody('email', 'a.b@example.com', ' 123456')).toEqual({ email: 'a.b@example.com', code: '123456' })
    })

    it('masks the new value as the server does', () => {
        expect(maskedNew('phone', '13812345678')).toBe('138****5678')
        expect(maskedNew('email', 'zhang.san@example.com')).toBe('z***@example.com')
    })

    it('shows the owner’s current phone or e-mail from the account’s details', () => {
        const account = { id: 1, accountNumber: '7000000001', ownerPhone: '139****0001', ownerEmail: 'a***@example.com' }
        expect(currentOf(account, 'phone')).toBe('139****0001')
        expect(currentOf(account, 'email')).toBe('a***@example.com')
        expect(currentOf({ accountNumber: '7000000001' }, 'email')).toBeUndefined()
        expect(currentOf(null, 'phone')).toBeUndefined()
    })

    it('has every text it shows in both languages', () => {
        for (const key of ['what', 'phone', 'email', 'currentEmail', 'newEmail', 'emailPlaceholder', 'emailHint',
            'emailRequired', 'emailSuccess']) {
            expect(pick(zh, 'portal.contact.' + key), key).toBeTypeOf('string')
            expect(pick(en, 'portal.contact.' + key), key).toBeTypeOf('string')
        }
        for (const key of ['rules.Customer.email.invalid', 'rules.Customer.tooLong', 'errors.phone', 'errors.code']) {
            expect(pick(zh, key), key).toBeTypeOf('string')
            expect(pick(en, key), key).toBeTypeOf('string')
        }
    })
})
