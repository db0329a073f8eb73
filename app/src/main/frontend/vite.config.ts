/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { constants } from 'node:zlib'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'
import { compression, defineAlgorithm } from 'vite-plugin-compression2'
import type { AtRule, Declaration } from 'postcss'

/**
 * Fonts come from the application only: Vant's icon font embeds its woff2 and names a CDN copy as a
 * fallback, which the Content-Security-Policy (`font-src 'self' data:`) would refuse and an intranet
 * could not reach. This drops remote sources from every @font-face.
 */
const noRemoteFonts = {
    postcssPlugin: 'no-remote-fonts',
    AtRule: {
        'font-face': (rule: AtRule) => {
            rule.walkDecls('src', (decl: Declaration) => {
                const sources = decl.value.split(/,(?![^(]*\))/)
                const local = sources.filter((s) => !/url\(\s*['"]?(https?:)?\/\//i.test(s))
                if (local.length > 0 && local.length < sources.length) decl.value = local.join(',')
            })
        },
    },
}

// Two pages from one project: the customer portal at / and the staff console at /console/.
// The output goes into the application's classpath so Spring Boot serves it from the jar.
// Pages load by route; Element Plus and Vant components (with their styles) are imported where a template
// uses them, not as a whole library. The hashed files under assets/ also get .gz and .br copies, which the
// server sends to browsers that accept them, cached as immutable (see WebFrontEnd).
export default defineConfig({
    plugins: [
        vue(),
        Components({
            resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
            dts: false,
        }),
        compression({
            include: /^assets\/.*\.(js|css|svg)$/,
            threshold: 1024,
            algorithms: [
                defineAlgorithm('gzip', { level: 9 }),
                defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            ],
            logLevel: 'silent',
        }),
    ],
    css: { postcss: { plugins: [noRemoteFonts] } },
    base: '/',
    resolve: {
        alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    },
    build: {
        outDir: fileURLToPath(new URL('../../../target/classes/static', import.meta.url)),
        emptyOutDir: true,
        chunkSizeWarningLimit: 600,
        rollupOptions: {
            input: {
                portal: fileURLToPath(new URL('./index.html', import.meta.url)),
                console: fileURLToPath(new URL('./console/index.html', import.meta.url)),
            },
        },
    },
    server: {
        proxy: { '/api': 'http://localhost:8080', '/v3': 'http://localhost:8080' },
    },
    test: {
        environment: 'jsdom',
        include: ['src/**/*.test.ts'],
        setupFiles: ['src/testSetup.ts'],
        // page tests mount Vant and Element Plus components, whose ES builds import their CSS: let Vite load them
        server: { deps: { inline: ['vant', 'element-plus'] } },
    },
})
