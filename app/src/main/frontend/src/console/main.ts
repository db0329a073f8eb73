import { createApp, watch } from 'vue'
// Element Plus components come with their styles where templates use them (vite.config.ts); the function
// APIs (ElMessage, ElMessageBox) bring none, so their styles are imported here
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import '@/styles/console.css'
import { i18n, setLanguage, currentLanguage } from '@/i18n'
import App from './App.vue'
import { router } from './router'

const ready = setLanguage(currentLanguage())
watch(i18n.global.locale, () => {
    document.title = i18n.global.t('app.consoleName')
}, { immediate: true })

// a visitor who chose English sees it from the first paint
ready.finally(() => createApp(App).use(i18n).use(router).mount('#app'))
