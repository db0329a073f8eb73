import { reactive } from 'vue'
import { api } from '@/api'
import { LEGAL_DOCUMENTS, type LegalDocumentId, type LegalText } from '@/shared/legal'

/** The current documents in the page's language, loaded once per language. */
export const legal = reactive<{ texts: Partial<Record<LegalDocumentId, LegalText>>; language: string | null; failed: boolean }>({
    texts: {},
    language: null,
    failed: false,
})

export async function loadLegal(language: string): Promise<void> {
    if (legal.language === language && !legal.failed) return
    legal.language = language
    legal.failed = false
    try {
        const texts = await Promise.all(LEGAL_DOCUMENTS.map((d) => api.get<LegalText>(`/api/v1/legal/${d}`)))
        legal.texts = Object.fromEntries(texts.map((t, i) => [LEGAL_DOCUMENTS[i], t]))
    } catch {
        legal.failed = true
    }
}
