/**
 * The completion model (src/shell/commandModel.ts) must describe the real command tree: every
 * command the binary accepts, with exactly its flags, aliases and which of them take a value.
 * A command added to src/cli without a model entry, or a flag renamed, fails here.
 */
import * as CommandDescriptor from "@effect/cli/CommandDescriptor"
import { describe, expect, test } from "bun:test"
import { Option } from "effect"
import { loadCommandTree } from "../../../src/cli/app"
import { awsSsoCommand, type CommandSpec } from "../../../src/shell/commandModel"

// @effect/cli has no public walk over nested subcommands; its descriptors are plain data, read here.
type Node = { readonly _tag: string; readonly [key: string]: any }
const own = (d: Node): Node => d._tag === "Subcommands" ? own(d.parent) : d._tag === "Map" ? own(d.command) : d
const children = (d: Node): ReadonlyArray<Node> =>
  d._tag === "Subcommands" ? d.children : d._tag === "Map" ? children(d.command) : []

interface Shape {
  readonly flags: ReadonlyArray<string>
  readonly children: ReadonlyArray<string>
}

/** `--name[=]` with `-x` aliases, sorted: `=` marks a flag that takes a value. */
const cliShape = (d: Node): Shape => {
  const flags: Array<string> = []
  const collect = (u: any) => {
    if (u._tag === "Named" && u.names.some((n: string) => n.startsWith("-"))) {
      const names = [...u.names].sort().join(" ")
      flags.push(Option.isSome(u.acceptedValues) ? `${names}=` : names)
    } else if (u.usage !== undefined) collect(u.usage)
    else if (u.left !== undefined) {
      collect(u.left)
      collect(u.right)
    }
  }
  collect(CommandDescriptor.getUsage(own(d) as any))
  return { flags: flags.sort(), children: children(d).map((c) => own(c).name).sort() }
}

const modelShape = (spec: CommandSpec): Shape => ({
  flags: spec.flags.map((f) => {
    const names = [`--${f.name}`, ...(f.short === undefined ? [] : [`-${f.short}`])].sort().join(" ")
    return f.value === undefined ? names : `${names}=`
  }).sort(),
  children: spec.subcommands.map((c) => c.name).sort()
})

/** Every command path of the real tree with its descriptor. */
const cliCommands = (d: Node, path: string, out = new Map<string, Node>()) => {
  out.set(path, d)
  for (const child of children(d)) cliCommands(child, `${path} ${own(child).name}`, out)
  return out
}
const modelCommands = (spec: CommandSpec, path: string, out = new Map<string, CommandSpec>()) => {
  out.set(path, spec)
  for (const child of spec.subcommands) modelCommands(child, `${path} ${child.name}`, out)
  return out
}

const real = cliCommands((await loadCommandTree()).descriptor as unknown as Node, "aws-sso")
const model = modelCommands(awsSsoCommand, "aws-sso")

describe("the completion model matches the command tree", () => {
  test("every command of the binary is in the model", () => {
    expect([...real.keys()].filter((path) => !model.has(path))).toEqual([])
  })

  test("every command the model offers exists in the binary", () => {
    expect([...model.keys()].filter((path) => !real.has(path))).toEqual([])
  })

  for (const [path, spec] of model) {
    const descriptor = real.get(path)
    if (descriptor === undefined) continue
    test(`${path}: same subcommands and flags`, () => {
      expect(modelShape(spec)).toEqual(cliShape(descriptor))
    })
  }
})
