import { describe, expect, it } from 'vitest'
import { LINE_COLOUR, lineColour, statusColour } from './mapStyle'

describe('map colours', () => {
    it('draw a line in service in the legend\'s line colour and an abnormal one in its status colour (issue 8)', () => {
        expect(lineColour('NORMAL')).toBe(LINE_COLOUR)
        expect(lineColour('IN_SERVICE')).toBe(LINE_COLOUR)
        expect(lineColour(undefined)).toBe(LINE_COLOUR)
        expect(lineColour('FAULT')).toBe(statusColour('FAULT'))
        expect(lineColour('OVERLOAD')).not.toBe(LINE_COLOUR)
    })
})
