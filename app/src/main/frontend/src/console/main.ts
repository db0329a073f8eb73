import { createApp, h } from 'vue'
import { i18n } from '@/i18n'

createApp({ render: () => h('main', i18n.global.t('app.consoleName')) }).use(i18n).mount('#app')
