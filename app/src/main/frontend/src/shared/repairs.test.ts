import { describe, expect, it } from 'vitest'
import { arrivalClock, crewBody, km, nextCrewSteps, photoProblem, reportForm, typedPoint } from './repairs'

describe('repair clock', () => {
    const arriveBy = '2026-12-06T10:45:00Z'
    const at = (s: string) => new Date(s).getTime()

    it('counts the minutes left, then overdue, before the crew arrives', () => {
        expect(arrivalClock({ status: 'DISPATCHED', arriveBy, arrivedAt: null }, at('2026-12-06T10:15:30Z')))
            .toEqual({ kind: 'left', minutes: 29 })
        expect(arrivalClock({ status: 'OPEN', arriveBy, arrivedAt: null }, at('2026-12-06T11:00:00Z')))
            .toEqual({ kind: 'overdue', minutes: 15 })
    })

    it('says how late the crew arrived, or that it was on time', () => {
        expect(arrivalClock({ status: 'REPAIRED', arriveBy, arrivedAt: '2026-12-06T10:52:00Z' }, 0))
            .toEqual({ kind: 'late', minutes: 7 })
        expect(arrivalClock({ status: 'ARRIVED', arriveBy, arrivedAt: '2026-12-06T10:45:00Z' }, 0))
            .toEqual({ kind: 'onTime', minutes: 0 })
    })

    it('has no clock for jobs that need no crew', () => {
        expect(arrivalClock({ status: 'REFERRED', arriveBy, arrivedAt: null }, 0)).toBeNull()
        expect(arrivalClock({ status: 'CANCELLED', arriveBy, arrivedAt: null }, 0)).toBeNull()
    })
})

describe('crew steps', () => {
    it('follow the transition table', () => {
        expect(nextCrewSteps('DISPATCHED')).toEqual(['ACCEPTED'])
        expect(nextCrewSteps('ARRIVED')).toEqual(['REPAIRED', 'REFERRED'])
        expect(nextCrewSteps('REPAIRED')).toEqual([])
        expect(nextCrewSteps('OPEN')).toEqual([])
    })

    it('show distances in kilometres', () => {
        expect(km(1002)).toBe('1.0')
        expect(km('20038')).toBe('20.0')
    })
})

describe('crew form', () => {
    const form = { name: ' 城关抢修三班 ', skills: ['CABLE'], shiftStart: '20:00', shiftEnd: '08:00', phone: ' ', baseLat: '30.2101', baseLon: ' 120.1' }

    it('trims, sends typed coordinates as numbers and no phone when none was typed', () => {
        expect(crewBody('7', form, null)).toEqual({
            branchId: '7', name: '城关抢修三班', skills: ['CABLE'], shiftStart: '20:00', shiftEnd: '08:00',
            phone: null, baseLat: 30.2101, baseLon: 120.1, members: [],
        })
    })

    it('keeps an edited crew\'s members and phone unless a new phone is typed, and leaves an empty position alone', () => {
        const body = crewBody('7', { ...form, phone: '13905710010', baseLat: '', baseLon: '' }, { id: 3 })
        expect(body).not.toHaveProperty('members')
        expect(body.phone).toBe('13905710010')
        expect(body.baseLat).toBeNull()
        expect(body.baseLon).toBeNull()
    })
})

describe('fault report photos and places (portal and staff forms)', () => {
    it('takes JPEG and PNG up to 5 MB, refuses other types and larger files', () => {
        expect(photoProblem({ type: 'image/jpeg', size: 5 * 1024 * 1024 })).toBeNull()
        expect(photoProblem({ type: 'image/png', size: 1 })).toBeNull()
        expect(photoProblem({ type: 'image/png', size: 5 * 1024 * 1024 + 1 })).toBe('size')
        expect(photoProblem({ type: 'image/gif', size: 10 })).toBe('type')
        expect(photoProblem({ type: '', size: 10 })).toBe('type')
    })

    it('reads a typed point only when both coordinates are numbers within range', () => {
        expect(typedPoint('30.21', ' 120.11 ')).toEqual({ lat: 30.21, lon: 120.11 })
        expect(typedPoint(30.21, 120.11)).toEqual({ lat: 30.21, lon: 120.11 })
        expect(typedPoint('', '120.11')).toBeNull()
        expect(typedPoint('30.21', 'east')).toBeNull()
        expect(typedPoint('91', '120')).toBeNull()
        expect(typedPoint('-90', '-180')).toEqual({ lat: -90, lon: -180 })
        expect(typedPoint('30', '180.5')).toBeNull()
    })

    it('sends the report as a JSON part and at most three photos', async () => {
        const files = [1, 2, 3, 4].map((i) => new File([`p${i}`], `p${i}.jpg`, { type: 'image/jpeg' }))
        const form = reportForm({ description: '来电', skill: 'CABLE' }, files)
        const report = form.get('report') as Blob
        expect(report.type).toBe('application/json')
        const text = await new Promise<string>((resolve) => {
            const reader = new FileReader()
            reader.onload = () => resolve(String(reader.result))
            reader.readAsText(report)
        })
        expect(JSON.parse(text)).toEqual({ description: '来电', skill: 'CABLE' })
        expect(form.getAll('photos').map((f) => (f as File).name)).toEqual(['p1.jpg', 'p2.jpg', 'p3.jpg'])
    })
})
