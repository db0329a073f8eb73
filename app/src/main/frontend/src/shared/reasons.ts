/**
 * The reason a member of staff gives for a sensitive act (unmasking personal data), as the server checks it
 * (`MeaningfulReason`): after trimming 4 to 200 characters, at least 2 of them letters or ideographs, no control
 * characters.
 */
export const REASON_MIN = 4
export const REASON_MAX = 200
const LETTER = /\p{L}/u
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u

export function isMeaningfulReason(reason: string | null | undefined): boolean {
    if (typeof reason !== 'string') return false
    const s = reason.trim()
    const chars = Array.from(s)
    if (chars.length < REASON_MIN || chars.length > REASON_MAX) return false
    if (CONTROL.test(s)) return false
    return chars.filter((c) => LETTER.test(c)).length >= 2
}
