// Page tests switch languages and read the text at once: load English before any test, as a visitor's first
// switch would
import { loadLanguage } from '@/i18n'

await loadLanguage('en')
