import { describe, expect, it } from 'vitest'
import { consentOf, legalBlocks, mayRequestCode } from './legal'

describe('legalBlocks', () => {
    it('reads the title, headings, numbered and dashed items, bold and paragraphs', () => {
        const blocks = legalBlocks(
            '# Title\n\nVersion: 2026-12-01\n\n## 1. Data\n1. **Mobile number**: to sign in\n2. Usage\n- SMS codes\n  wrapped on\n\nA paragraph\nin two lines.\n',
        )
        expect(blocks.map((b) => b.kind)).toEqual(['title', 'paragraph', 'heading', 'item', 'item', 'item', 'paragraph'])
        expect(blocks[3].spans).toEqual([
            { text: '1. ', bold: false },
            { text: 'Mobile number', bold: true },
            { text: ': to sign in', bold: false },
        ])
        expect(blocks[5].spans).toEqual([{ text: 'SMS codes wrapped on', bold: false }])
        expect(blocks[6].spans).toEqual([{ text: 'A paragraph in two lines.', bold: false }])
    })

    it('keeps markup-looking text as text', () => {
        const blocks = legalBlocks('<img src=x onerror=alert(1)>')
        expect(blocks).toEqual([{ kind: 'paragraph', spans: [{ text: '<img src=x onerror=alert(1)>', bold: false }] }])
    })

    it('gives nothing for an empty text', () => {
        expect(legalBlocks('')).toEqual([])
    })
})

describe('consent', () => {
    const text = (document: 'user-agreement' | 'privacy-policy', version: string) =>
        ({ document, version, language: 'zh', title: '', text: '' })

    it('carries each document version as served', () => {
        expect(consentOf({ 'user-agreement': text('user-agreement', '2026-12-01'), 'privacy-policy': text('privacy-policy', '2027-01-01') }))
            .toEqual({ 'user-agreement': '2026-12-01', 'privacy-policy': '2027-01-01' })
    })

    it('is unknown while a document has not loaded', () => {
        expect(consentOf({ 'user-agreement': text('user-agreement', '2026-12-01') })).toBeNull()
        expect(consentOf({})).toBeNull()
    })

    it('lets the customer ask for a code only once ticked and the versions are known', () => {
        const consent = { 'user-agreement': '2026-12-01', 'privacy-policy': '2026-12-01' }
        expect(mayRequestCode(false, consent)).toBe(false)
        expect(mayRequestCode(true, null)).toBe(false)
        expect(mayRequestCode(true, consent)).toBe(true)
    })
})
