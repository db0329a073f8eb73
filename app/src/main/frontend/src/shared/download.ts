/** Offers text as a CSV file download, with a BOM so spreadsheet programs open the UTF-8 file as such. */
export function downloadCsv(text: string, fileName: string) {
    const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
}
