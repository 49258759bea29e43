import { afterEach, describe, expect, test } from "bun:test"
import { Effect, Either } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { scriptExecutable } from "../../../src/shell/executable"
import { detectShell, installFiles, targetFiles, uninstallFiles } from "../../../src/shell/install"
import { renderScripts } from "../../../src/shell/scripts"

const dirs: Array<string> = []
const tempDir = () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "aws-sso-install-")))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true })
})

const mode = (file: string) => fs.statSync(file).mode & 0o777

describe("which shell", () => {
  test("--shell wins, else the name of $SHELL", () => {
    expect(detectShell("fish", { SHELL: "/bin/bash" })).toEqual(Either.right("fish"))
    expect(detectShell(undefined, { SHELL: "/usr/local/bin/zsh" })).toEqual(Either.right("zsh"))
  })

  test("anything else is refused with a message naming it", () => {
    const tcsh = detectShell(undefined, { SHELL: "/bin/tcsh" })
    expect(Either.isLeft(tcsh) && tcsh.left.message).toBe(
      "unsupported shell: tcsh (from $SHELL); supported: bash, zsh, fish"
    )
    const none = detectShell(undefined, {})
    expect(Either.isLeft(none) && none.left.message).toContain("$SHELL is not set")
  })
})

describe("where the scripts go", () => {
  test("bash: ~/.bash_profile; zsh: ~/.zshrc or $ZDOTDIR/.zshrc", () => {
    expect(targetFiles("bash", "/x/aws-sso", "/h", {}).map((t) => t.file)).toEqual(["/h/.bash_profile"])
    expect(targetFiles("zsh", "/x/aws-sso", "/h", {}).map((t) => t.file)).toEqual(["/h/.zshrc"])
    expect(targetFiles("zsh", "/x/aws-sso", "/h", { ZDOTDIR: "~/zsh" }).map((t) => t.file)).toEqual(["/h/zsh/.zshrc"])
  })

  test("fish: four files under $XDG_CONFIG_HOME/fish, else ~/.config/fish", () => {
    expect(targetFiles("fish", "/x/aws-sso", "/h", {}).map((t) => t.file)).toEqual([
      "/h/.config/fish/completions/aws-sso.fish",
      "/h/.config/fish/functions/aws-sso-profile.fish",
      "/h/.config/fish/completions/aws-sso-profile.fish",
      "/h/.config/fish/functions/aws-sso-clear.fish"
    ])
    expect(targetFiles("fish", "/x/aws-sso", "/h", { XDG_CONFIG_HOME: "/xdg" })[0]!.file)
      .toBe("/xdg/fish/completions/aws-sso.fish")
  })

  test("--shell-script replaces the first file only", () => {
    expect(targetFiles("fish", "/x/aws-sso", "/h", {}, "~/my.fish").map((t) => t.file)).toEqual([
      "/h/my.fish",
      "/h/.config/fish/functions/aws-sso-profile.fish",
      "/h/.config/fish/completions/aws-sso-profile.fish",
      "/h/.config/fish/functions/aws-sso-clear.fish"
    ])
  })

  test("the scripts call this binary by its path, quoted for the shell", () => {
    expect(renderScripts("bash", "/opt/it's/aws-sso")[0]!.text).toContain(`__aws_sso_exe='/opt/it'\\''s/aws-sso'`)
    expect(renderScripts("fish", "/opt/it's/aws-sso")[1]!.text).toContain(`'/opt/it\\'s/aws-sso' $args eval -p`)
  })
})

describe("installing and removing", () => {
  test("a new file is 0600 in 0700 folders; an existing one keeps its mode", async () => {
    const home = tempDir()
    const fishFiles = targetFiles("fish", "/x/aws-sso", home, {})
    const outcomes = await Effect.runPromise(installFiles(fishFiles))
    expect(outcomes.map((o) => o.change)).toEqual(["created", "created", "created", "created"])
    for (const t of fishFiles) expect(mode(t.file)).toBe(0o600)
    expect(mode(path.join(home, ".config"))).toBe(0o700)
    expect(mode(path.join(home, ".config", "fish", "functions"))).toBe(0o700)

    const rc = path.join(home, ".bash_profile")
    fs.writeFileSync(rc, "export PATH=$PATH:~/bin\n")
    fs.chmodSync(rc, 0o644)
    await Effect.runPromise(installFiles(targetFiles("bash", "/x/aws-sso", home, {})))
    expect(mode(rc)).toBe(0o644)
    expect(fs.readFileSync(rc, "utf8")).toStartWith("export PATH=$PATH:~/bin\n# BEGIN_AWS_SSO_CLI\n")
  })

  test("installing twice changes nothing the second time", async () => {
    const home = tempDir()
    const targets = targetFiles("zsh", "/x/aws-sso", home, {})
    await Effect.runPromise(installFiles(targets))
    const first = fs.readFileSync(path.join(home, ".zshrc"), "utf8")
    const again = await Effect.runPromise(installFiles(targets))
    expect(again.map((o) => o.change)).toEqual(["unchanged"])
    expect(fs.readFileSync(path.join(home, ".zshrc"), "utf8")).toBe(first)
  })

  test("a symlinked rc file is edited where it points; the link stays", async () => {
    const home = tempDir()
    const dotfiles = path.join(home, "dotfiles")
    fs.mkdirSync(dotfiles)
    fs.writeFileSync(path.join(dotfiles, "bash_profile"), "# mine\n")
    fs.symlinkSync(path.join(dotfiles, "bash_profile"), path.join(home, ".bash_profile"))
    await Effect.runPromise(installFiles(targetFiles("bash", "/x/aws-sso", home, {})))
    expect(fs.lstatSync(path.join(home, ".bash_profile")).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(path.join(dotfiles, "bash_profile"), "utf8")).toContain("# BEGIN_AWS_SSO_CLI")
    await Effect.runPromise(uninstallFiles([path.join(home, ".bash_profile")], false))
    expect(fs.readFileSync(path.join(dotfiles, "bash_profile"), "utf8")).toBe("# mine\n")
  })

  test("removal restores a file, deletes one that held only the block, and leaves missing ones alone", async () => {
    const home = tempDir()
    const rc = path.join(home, ".bashrc")
    fs.writeFileSync(rc, "alias ll='ls -l'")
    const bash = targetFiles("bash", "/x/aws-sso", home, {}, rc)
    await Effect.runPromise(installFiles(bash))
    const created = targetFiles("zsh", "/x/aws-sso", home, {})
    await Effect.runPromise(installFiles(created))
    const outcomes = await Effect.runPromise(
      uninstallFiles([rc, created[0]!.file, path.join(home, "missing")], false)
    )
    expect(outcomes.map((o) => o.change)).toEqual(["removed", "deleted", "absent"])
    expect(fs.readFileSync(rc, "utf8")).toBe("alias ll='ls -l'")
    expect(fs.existsSync(created[0]!.file)).toBe(false)
  })

  test("fish files left with only blank space are deleted", async () => {
    const home = tempDir()
    const fish = targetFiles("fish", "/x/aws-sso", home, {})
    await Effect.runPromise(installFiles(fish))
    fs.appendFileSync(fish[0]!.file, "\n\n")
    const outcomes = await Effect.runPromise(uninstallFiles(fish.map((t) => t.file), true))
    expect(outcomes.map((o) => o.change)).toEqual(["deleted", "deleted", "deleted", "deleted"])
  })

  test("an unterminated block is refused and the file left alone", async () => {
    const home = tempDir()
    const rc = path.join(home, ".zshrc")
    fs.writeFileSync(rc, "# BEGIN_AWS_SSO_CLI\nsomething\n")
    const result = await Effect.runPromise(Effect.either(installFiles(targetFiles("zsh", "/x", home, {}))))
    expect(Either.isLeft(result) && result.left.message).toBe(
      `${rc}:1 has "# BEGIN_AWS_SSO_CLI" without a matching "# END_AWS_SSO_CLI"; ` +
        "fix the file by hand, then run the command again"
    )
    expect(fs.readFileSync(rc, "utf8")).toBe("# BEGIN_AWS_SSO_CLI\nsomething\n")
  })
})

describe("the path the scripts call", () => {
  const real = (links: Record<string, string>) => (file: string) => {
    const target = links[file]
    if (target === undefined) throw new Error("ENOENT")
    return target
  }
  const base = { execPath: "/opt/homebrew/Cellar/aws-sso/2.1/bin/aws-sso", script: "/$bunfs/root/aws-sso", cwd: "/" }

  test("the PATH entry the user ran, when it is this binary (survives upgrades)", () => {
    const realpath = real({
      "/opt/homebrew/Cellar/aws-sso/2.1/bin/aws-sso": "/opt/homebrew/Cellar/aws-sso/2.1/bin/aws-sso",
      "/opt/homebrew/bin/aws-sso": "/opt/homebrew/Cellar/aws-sso/2.1/bin/aws-sso"
    })
    expect(scriptExecutable({ ...base, argv0: "aws-sso", pathEnv: "/usr/bin:/opt/homebrew/bin", realpath }))
      .toBe("/opt/homebrew/bin/aws-sso")
  })

  test("else the binary's own path; a Nix store path becomes plain aws-sso", () => {
    const nix = "/nix/store/abc/bin/aws-sso"
    const realpath = real({ [base.execPath]: base.execPath, [nix]: nix })
    expect(scriptExecutable({ ...base, argv0: "other", pathEnv: "/usr/bin", realpath })).toBe(base.execPath)
    expect(
      scriptExecutable({ ...base, execPath: nix, argv0: "x", pathEnv: "", realpath })
    ).toBe("aws-sso")
  })

  test("run from source: plain aws-sso", () => {
    expect(scriptExecutable({ ...base, script: "/work/src/main.ts", argv0: "bun", pathEnv: "" })).toBe("aws-sso")
  })
})
