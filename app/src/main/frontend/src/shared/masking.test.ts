import { describe, expect, it } from 'vitest'
import { isMasked, maskAddress, maskIdNumber, maskName, maskPhone, shown } from './masking'
import addressCases from './maskAddress.cases.json'

// The same cases as the server's PersonalData: the screen must never show more than the API.
describe('masking display', () => {
    it('masks a mobile number to 3 + 4 digits', () => {
        expect(maskPhone('13812345678')).toBe('138****5678')
        expect(maskPhone(' 13812345678 ')).toBe('138****5678')
        expect(maskPhone('0101234567')).toBe('010*****67')
        expect(maskPhone('12345')).toBe('*****')
        expect(maskPhone('')).toBe('')
        expect(maskPhone(null)).toBe('')
    })

    it('keeps only the first character of a name, counting characters not UTF-16 units', () => {
        expect(maskName('张三')).toBe('张*')
        expect(maskName('欧阳娜娜')).toBe('欧***')
        expect(maskName('𠀋一')).toBe('𠀋*')
        expect(maskName('李')).toBe('李*')
    })

    it('keeps the first and last two characters of an ID number', () => {
        expect(maskIdNumber('110101199003071234')).toBe('1***************34')
        expect(maskIdNumber('1234')).toBe('****')
    })

    it('keeps the district and a short tail of an address and hides the street', () => {
        for (const c of addressCases.cases) expect(maskAddress(c.address)).toBe(c.masked)
        expect(maskAddress('')).toBe('')
    })

    it('tells two addresses of one district apart (issue 8: all read 浙江省杭州市****)', () => {
        expect(maskAddress('浙江省杭州市测试区幸福路123号')).not.toBe(maskAddress('浙江省杭州市测试区幸福路124号'))
    })

    it('never reveals any part beyond the kept characters', () => {
        for (const phone of ['13900001111', '18612345678', '15000000000']) {
            const masked = maskPhone(phone)
            expect(masked.slice(3, 7)).toBe('****')
            expect(masked).toHaveLength(phone.length)
        }
    })

    it('tells masked values from plain ones and shows a dash for nothing', () => {
        expect(isMasked('138****5678')).toBe(true)
        expect(isMasked('13812345678')).toBe(false)
        expect(isMasked(undefined)).toBe(false)
        expect(shown(null)).toBe('—')
        expect(shown('  ')).toBe('—')
        expect(shown(0)).toBe('0')
    })
})
