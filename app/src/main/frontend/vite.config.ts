/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { constants } from 'node:zlib'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'
import { compression, defineAlgorithm } from 'vite-plugin-compression2'

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
    },
})
