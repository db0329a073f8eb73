/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Two pages from one project: the customer portal at / and the staff console at /console/.
// The output goes into the application's classpath so Spring Boot serves it from the jar.
export default defineConfig({
    plugins: [vue()],
    base: '/',
    resolve: {
        alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    },
    build: {
        outDir: fileURLToPath(new URL('../../../target/classes/static', import.meta.url)),
        emptyOutDir: true,
        chunkSizeWarningLimit: 1500,
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
