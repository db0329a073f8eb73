import { describe, expect, it } from 'vitest'
import { agentActionsFor, groupedFingerprint, isAgentCode } from './agents'

describe('collection agents', () => {
    it('offers credit for a collection we missed and reversal for ours the agent does not have', () => {
        expect(agentActionsFor('MISSING_AT_US')).toEqual(['CREDITED', 'ACCEPTED'])
        expect(agentActionsFor('MISSING_AT_GATEWAY')).toEqual(['REVERSED', 'ACCEPTED'])
        expect(agentActionsFor('AMOUNT_MISMATCH')).toEqual(['ACCEPTED'])
        expect(agentActionsFor('DUPLICATE')).toEqual(['ACCEPTED'])
    })

    it('takes agent codes as the server does', () => {
        expect(isAgentCode('ICBC95588')).toBe(true)
        expect(isAgentCode('IC')).toBe(false)
        expect(isAgentCode('icbc95588')).toBe(false)
        expect(isAgentCode('ICBC-95588')).toBe(false)
        expect(isAgentCode('A'.repeat(17))).toBe(false)
    })

    it('groups a fingerprint by four', () => {
        expect(groupedFingerprint('0123456789abcdef')).toBe('0123 4567 89ab cdef')
    })
})
