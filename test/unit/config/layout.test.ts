import { expect, test } from "bun:test"
import { configLayout } from "../../../src/config/layout"
import type { Shape } from "../../../src/config/normalize"
import { AccountFile, ConfigFile, OnePassword, PromptColors, RoleFile, SsoFile } from "../../../src/config/Settings"

const fieldsOf = (shape: Shape | undefined): ReadonlyArray<string> => {
  if (shape?._tag === "Struct") return Object.keys(shape.fields).sort()
  if (shape?._tag === "Map") return fieldsOf(shape.value)
  return []
}
const child = (shape: Shape | undefined, key: string): Shape | undefined =>
  shape?._tag === "Struct" ? shape.fields[key] : shape?._tag === "Map" ? child(shape.value, key) : undefined

// The weak-typing layout must know exactly the keys the Schema decodes, or keys would be dropped as unknown.
test("the key layout and the Schema agree on every known key", () => {
  const sso = child(configLayout, "SSOConfig")
  const account = child(sso, "Accounts")
  const role = child(account, "Roles")
  expect(fieldsOf(configLayout)).toEqual(Object.keys(ConfigFile.fields).sort())
  expect(fieldsOf(sso)).toEqual(Object.keys(SsoFile.fields).sort())
  expect(fieldsOf(account)).toEqual(Object.keys(AccountFile.fields).sort())
  expect(fieldsOf(role)).toEqual(Object.keys(RoleFile.fields).sort())
  expect(fieldsOf(child(configLayout, "OnePassword"))).toEqual(Object.keys(OnePassword.fields).sort())
  expect(fieldsOf(child(configLayout, "PromptColors"))).toEqual(Object.keys(PromptColors.fields).sort())
})
