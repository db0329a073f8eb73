import { createApp, watch } from 'vue'
import { Locale } from 'vant'
import vantZh from 'vant/es/locale/lang/zh-CN'
import vantEn from 'vant/es/locale/lang/en-US'
// Vant components come with their styles where templates use them (vite.config.ts); the function APIs
// (showToast, showConfirmDialog) bring none, so their styles are imported here
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import '@/styles/portal.css'
import { i18n, setLanguage, currentLanguage } from '@/i18n'
import App from './App.vue'
import { router } from './router'

function applyVantLocale(language: string) {
    if (language === 'en') Locale.use('en-US', vantEn)
    else Locale.use('zh-CN', vantZh)
}

const ready = setLanguage(currentLanguage())
applyVantLocale(currentLanguage())
watch(i18n.global.locale, (language) => {
    applyVantLocale(language)
    document.title = i18n.global.t('app.portalName')
}, { immediate: true })

// a visitor who chose English sees it from the first paint
ready.finally(() => createApp(App).use(i18n).use(router).mount('#app'))
