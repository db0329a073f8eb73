import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'

type Tree = { [key: string]: string | Tree }

function keys(tree: Tree, prefix = ''): string[] {
    return Object.entries(tree).flatMap(([k, v]) =>
        typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`),
    )
}

function get(tree: Tree, path: string): unknown {
    return path.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Tree)[k] : undefined), tree)
}

function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) return sources(path)
        return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
    })
}

describe('i18n messages', () => {
    const zhKeys = keys(zhCN as Tree)
    const enKeys = keys(en as Tree)

    it('have the same keys in Chinese and English', () => {
        expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([])
        expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([])
    })

    it('have no empty texts', () => {
        expect(zhKeys.filter((k) => !String(get(zhCN as Tree, k)).trim())).toEqual([])
        expect(enKeys.filter((k) => !String(get(en as Tree, k)).trim())).toEqual([])
    })

    it('use the same placeholders in both languages', () => {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',')
        const differing = zhKeys.filter(
            (k) => placeholders(String(get(zhCN as Tree, k))) !== placeholders(String(get(en as Tree, k))),
        )
        expect(differing).toEqual([])
    })

    it('contain every literal key the pages use', () => {
        const root = join(__dirname, '..')
        const used = new Set<string>()
        for (const file of sources(root)) {
            const text = readFileSync(file, 'utf8')
            for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1])
        }
        expect(used.size).toBeGreaterThan(50)
        const missing = [...used].filter((k) => typeof get(zhCN as Tree, k) !== 'string' || typeof get(en as Tree, k) !== 'string')
        expect(missing).toEqual([])
    })
})
