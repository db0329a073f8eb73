import { computed, onBeforeUnmount, ref } from 'vue'

/** Seconds left before a code may be sent again; ticks once a second. */
export function useCountdown() {
    const left = ref(0)
    let timer: ReturnType<typeof setInterval> | undefined
    function stop() {
        if (timer) clearInterval(timer)
        timer = undefined
    }
    function start(seconds: number) {
        stop()
        left.value = Math.max(0, Math.ceil(seconds))
        if (left.value === 0) return
        timer = setInterval(() => {
            left.value -= 1
            if (left.value <= 0) stop()
        }, 1000)
    }
    onBeforeUnmount(stop)
    return { left, running: computed(() => left.value > 0), start, stop }
}

export const PHONE = /^1\d{10}$/
export const CODE = /^\d{6}$/

/** How long a sent code stays valid, in whole minutes as people say it (300 s: 5); at least one. */
export function validMinutes(seconds: number | null | undefined): number {
    return Math.max(1, Math.round((seconds ?? 300) / 60))
}
