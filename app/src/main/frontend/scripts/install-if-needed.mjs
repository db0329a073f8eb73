// Runs `npm ci` only when node_modules does not match package-lock.json, so a Maven build does
// not reinstall every dependency each time. npm records what it installed in
// node_modules/.package-lock.json; optional packages for other platforms are missing there.
import { execSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

function packages(path) {
    try {
        return JSON.parse(readFileSync(path, 'utf8')).packages ?? {}
    } catch {
        return null
    }
}

function upToDate() {
    const wanted = packages('package-lock.json')
    const installed = existsSync('node_modules/.package-lock.json') ? packages('node_modules/.package-lock.json') : null
    if (!wanted || !installed) return false
    for (const [name, info] of Object.entries(wanted)) {
        if (!name) continue
        const have = installed[name]
        if (!have) {
            if (info.optional || info.dev === undefined && info.peer) continue
            return false
        }
        if (have.version !== info.version) return false
    }
    return Object.keys(installed).every((name) => name in wanted)
}

if (upToDate()) {
    console.log('front end: node_modules is up to date')
} else {
    console.log('front end: npm ci')
    execSync('npm ci --no-audit --no-fund --loglevel=error', { stdio: 'inherit' })
}
