import { watch } from 'vue'

/**
 * Runs `load` for the route's id at once and again whenever the id changes: the router keeps the page when only the
 * id in the URL changes, so loading on mount alone kept showing the previous account (issue 8). `current()` tells a
 * load whether its id is still the one shown, so a late answer for the previous id is dropped.
 */
export function loadForId(id: () => string, load: (current: () => boolean) => unknown): void {
    watch(id, (value) => {
        load(() => id() === value)
    }, { immediate: true })
}
