import { reactive } from 'vue'
import { api, ApiError, type Me } from '@/api'

/** Who is signed in, as GET /api/v1/auth/me says; null when nobody is. */
export const session = reactive<{ me: Me | null; loaded: boolean }>({ me: null, loaded: false })

export async function loadMe(): Promise<Me | null> {
    try {
        session.me = await api.get<Me>('/api/v1/auth/me')
    } catch (e) {
        if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) {
            session.loaded = true
            throw e
        }
        session.me = null
    }
    session.loaded = true
    return session.me
}

export async function signOut(): Promise<void> {
    try {
        await api.post('/api/v1/auth/sign-out')
    } finally {
        session.me = null
        api.resetCsrf()
    }
}

export function can(permission: string): boolean {
    return !!session.me?.permissions?.includes(permission)
}
