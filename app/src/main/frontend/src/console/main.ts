import { createApp, watch } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import 'leaflet/dist/leaflet.css'
import '@/styles/console.css'
import { i18n, setLanguage, currentLanguage } from '@/i18n'
import App from './App.vue'
import { router } from './router'

setLanguage(currentLanguage())
watch(i18n.global.locale, () => {
    document.title = i18n.global.t('app.consoleName')
}, { immediate: true })

createApp(App).use(i18n).use(router).use(ElementPlus).mount('#app')
