import { api, itemsOf, type ListOrPage, type PortalAccount } from '@/api'

export function listAccounts(): Promise<PortalAccount[]> {
    return api.get<ListOrPage<PortalAccount>>('/api/v1/portal/accounts').then(itemsOf)
}

/** The account's holder as the API names it (masked). */
export function holderOf(a: PortalAccount): string | undefined {
    return (a.accountName ?? a.name ?? a.customerName ?? a.holderName) as string | undefined
}

export function branchOf(a: PortalAccount): string | undefined {
    return (a.branchName ?? a.branch) as string | undefined
}
