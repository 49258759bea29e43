import { describe, expect, test } from "bun:test"
import * as Command from "@effect/cli/Command"
import { HashMap } from "effect"
import { loadCommandTree, subcommandLoaders } from "../../../src/cli/app"

describe("the lazily loaded command tree", () => {
  test("each loader's name is the name its command answers to, in the tree's order", async () => {
    for (const [name, load] of subcommandLoaders) {
      const command = await load()
      expect(HashMap.has(Command.getSubcommands(treeWith(command)), name)).toBe(true)
    }
    const tree = await loadCommandTree()
    expect([...HashMap.keys(Command.getSubcommands(tree))].sort()).toEqual(subcommandLoaders.map(([n]) => n).sort())
  })
})

const treeWith = (command: Command.Command<any, any, any, any>) =>
  Command.make("root").pipe(Command.withSubcommands([command]))
