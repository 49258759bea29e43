/**
 * The accounts and permission sets the emulated user can see. Everything is computed from the index, so a
 * directory of a million accounts costs nothing until a page of it is listed.
 */

export interface Account {
  accountId: string
  accountName: string
  emailAddress: string
}

const firstAccountNumber = 100000000001

export const accountAt = (index: number): Account => {
  const n = index + 1
  return {
    accountId: String(firstAccountNumber + index),
    accountName: `Account ${n}`,
    emailAddress: `acct${n}@example.com`
  }
}

/** Role names in assignment order: the two everybody knows, then numbered ones. */
export const roleNameAt = (index: number): string =>
  index === 0 ? "AdministratorAccess" : index === 1 ? "ReadOnly" : `Role${index + 1}`

export class Directory {
  constructor(
    readonly accountCount: number,
    readonly rolesPerAccount: number
  ) {}

  /** The account's index, or undefined when the id is not one of ours. */
  indexOf(accountId: string): number | undefined {
    if (!/^\d{12}$/.test(accountId)) return undefined
    const index = Number(accountId) - firstAccountNumber
    return index >= 0 && index < this.accountCount ? index : undefined
  }

  hasAccount(accountId: string): boolean {
    return this.indexOf(accountId) !== undefined
  }

  accounts(offset: number, limit: number): Array<Account> {
    const end = Math.min(this.accountCount, offset + limit)
    const page: Array<Account> = []
    for (let index = offset; index < end; index++) page.push(accountAt(index))
    return page
  }

  roleNames(offset: number, limit: number): Array<string> {
    const end = Math.min(this.rolesPerAccount, offset + limit)
    const page: Array<string> = []
    for (let index = offset; index < end; index++) page.push(roleNameAt(index))
    return page
  }

  hasRole(accountId: string, roleName: string): boolean {
    if (!this.hasAccount(accountId)) return false
    if (roleName === "AdministratorAccess") return this.rolesPerAccount >= 1
    if (roleName === "ReadOnly") return this.rolesPerAccount >= 2
    const match = /^Role(\d+)$/.exec(roleName)
    if (match?.[1] === undefined || match[1].startsWith("0")) return false
    const n = Number(match[1])
    return n >= 3 && n <= this.rolesPerAccount
  }
}
