/** The 统一社会信用代码 (GB 32100-2015) check the server makes (`TaxIds`), so the form says so before sending. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function taxIdValid(input: string): boolean {
    const code = input.trim().toUpperCase()
    if (code.length !== 18) return false
    let sum = 0
    for (let i = 0; i < 17; i++) {
        const v = ALPHABET.indexOf(code[i])
        if (v < 0) return false
        sum += v * WEIGHTS[i]
    }
    const c = 31 - (sum % 31)
    return ALPHABET.indexOf(code[17]) === (c === 31 ? 0 : c)
}
