import { ApiClient, ApiError } from './client'
import { currentLanguage } from '@/i18n'

export { ApiClient, ApiError }
export * from './types'

/** The client both apps share; it sends the UI language and signals an ended session. */
export const api = new ApiClient({
    language: currentLanguage,
    onUnauthorized: () => window.dispatchEvent(new CustomEvent('gridhall:unauthorized')),
})
