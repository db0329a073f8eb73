import { describe, expect, it } from 'vitest'
import { preferenceSwitches } from './preferences'

describe('notification preference switches', () => {
    it('edit a flat or grouped object in place', () => {
        const prefs = { channels: { SMS: true, EMAIL: false }, topics: { OUTAGE: { SMS: true } }, quietHours: '22:00' }
        const switches = preferenceSwitches(prefs)
        expect(switches.map((s) => s.path.join('/'))).toEqual(['SMS', 'EMAIL', 'OUTAGE/SMS'])
        switches[1].set(true)
        expect(prefs.channels.EMAIL).toBe(true)
        expect(prefs.quietHours).toBe('22:00')
    })

    it('edit a list of {topic, channel, enabled}', () => {
        const prefs = [{ topic: 'BILL', channel: 'SMS', enabled: false }, { topic: 'OUTAGE', channel: 'IN_APP', enabled: true }]
        const switches = preferenceSwitches(prefs)
        expect(switches.map((s) => s.path.join('/'))).toEqual(['BILL/SMS', 'OUTAGE/IN_APP'])
        switches[0].set(true)
        expect(prefs[0].enabled).toBe(true)
    })

    it('find nothing in nothing', () => {
        expect(preferenceSwitches(null)).toEqual([])
        expect(preferenceSwitches('x')).toEqual([])
    })
})
