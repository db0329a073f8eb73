import { currentLanguage } from '@/i18n'

/** A timestamp in Beijing time, the way the user reads it. */
export function formatTime(value: string | number | null | undefined): string {
    if (value === null || value === undefined || value === '') return '—'
    const d = new Date(value)
    if (Number.isNaN(d.getTime())) return String(value)
    return new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'zh-CN', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    }).format(d)
}
