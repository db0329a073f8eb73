// The user agreement and privacy policy (issue 8): fetched from GET /api/v1/legal/{document}, shown as
// plain blocks (never as HTML), and the versions the customer accepts sent with the sign-up code request.

export const LEGAL_DOCUMENTS = ['user-agreement', 'privacy-policy'] as const
export type LegalDocumentId = (typeof LEGAL_DOCUMENTS)[number]

export interface LegalText {
    document: LegalDocumentId
    version: string
    language: string
    title: string
    text: string
}

export interface Span {
    text: string
    bold: boolean
}

export interface Block {
    kind: 'title' | 'heading' | 'item' | 'paragraph'
    spans: Span[]
}

/** The small Markdown the documents use: "# " title, "## " headings, "- " and "1. " items, **bold**. */
export function legalBlocks(markdown: string): Block[] {
    const blocks: Block[] = []
    let paragraph: string[] = []
    const flush = () => {
        if (paragraph.length) blocks.push({ kind: 'paragraph', spans: spans(paragraph.join(' ')) })
        paragraph = []
    }
    for (const raw of markdown.split(/\r?\n/)) {
        const line = raw.trim()
        let m: RegExpMatchArray | null
        if (!line) {
            flush()
        } else if ((m = line.match(/^(#{1,6})\s+(.*)$/))) {
            flush()
            blocks.push({ kind: m[1].length === 1 ? 'title' : 'heading', spans: spans(m[2]) })
        } else if ((m = line.match(/^(?:[-*]|\d+\.)\s+(.*)$/))) {
            flush()
            const numbered = line.match(/^(\d+\.)\s/)
            blocks.push({ kind: 'item', spans: spans(numbered ? `${numbered[1]} ${m[1]}` : m[1]) })
        } else if (blocks.length && blocks[blocks.length - 1].kind === 'item' && /^\s{2,}/.test(raw) && !paragraph.length) {
            // a wrapped list item continues on an indented line
            const item = blocks[blocks.length - 1]
            item.spans = spans(item.spans.map((s) => (s.bold ? `**${s.text}**` : s.text)).join('') + ' ' + line)
        } else {
            paragraph.push(line)
        }
    }
    flush()
    return blocks
}

function spans(text: string): Span[] {
    return text
        .split(/\*\*(.+?)\*\*/)
        .map((part, i) => ({ text: part, bold: i % 2 === 1 }))
        .filter((s) => s.text !== '')
}

/** The consent a request carries: each document's version as served, or null while one is unknown. */
export function consentOf(texts: Partial<Record<LegalDocumentId, LegalText>>): Record<LegalDocumentId, string> | null {
    const consent = {} as Record<LegalDocumentId, string>
    for (const id of LEGAL_DOCUMENTS) {
        const version = texts[id]?.version
        if (!version) return null
        consent[id] = version
    }
    return consent
}

/** Whether the sign-in page may ask for a code: a valid phone is checked elsewhere; this is the consent. */
export function mayRequestCode(agreed: boolean, consent: Record<LegalDocumentId, string> | null): boolean {
    return agreed && consent !== null
}
