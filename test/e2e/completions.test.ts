/**
 * `setup completions` through the built binary, and the scripts it installs run in real bash, zsh
 * and fish (Debian packages `bash-completion zsh fish`): candidates the completion functions
 * produce, what a TAB press really inserts (each shell driven on a pseudo-terminal by `script`),
 * the rc-file block, and the `aws-sso-profile` / `aws-sso-clear` helpers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { binaryPath } from "../support/cli"
import { makeShellHome, primaryProfiles, type ShellHome } from "../unit/shell/fixture"
import { cleanupWorlds, type World } from "./loginWorld"
import { issuedCredentials, loggedIn, profiles, readOnly1 } from "./roleCommandsWorld"

const slow = 60_000

const shells = { bash: "/bin/bash", zsh: "/usr/bin/zsh", fish: "/usr/bin/fish" } as const
for (const [name, file] of Object.entries(shells)) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: apt-get install -y bash-completion zsh fish (${name})`)
}
const bashCompletion = "/usr/share/bash-completion/bash_completion"

interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `argv` with exactly `env`; `argv[0]` is looked up on `env.PATH`. */
const run = (argv: ReadonlyArray<string>, env: Record<string, string>, cwd: string): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, cwd, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })

interface Sandbox extends ShellHome {
  readonly env: Record<string, string>
  /** `~/bin/aws-sso`, a link to the binary under test; the installed scripts call it by this path. */
  readonly exe: string
  readonly aws: (args: ReadonlyArray<string>, extra?: Record<string, string>) => Promise<Ran>
  readonly sh: (argv: ReadonlyArray<string>, extra?: Record<string, string>) => Promise<Ran>
}

const sandboxes: Array<Sandbox> = []

/** A HOME with config and cache (test/unit/shell/fixture.ts) and aws-sso on PATH as `~/bin/aws-sso`. */
const sandbox = (): Sandbox => {
  const home = makeShellHome()
  const binDir = path.join(home.home, "bin")
  fs.mkdirSync(binDir)
  const exe = path.join(binDir, "aws-sso")
  fs.symlinkSync(binaryPath(), exe)
  const env: Record<string, string> = {
    HOME: home.home,
    PATH: `${binDir}:/usr/bin:/bin`,
    XDG_CONFIG_HOME: path.join(home.home, ".config"),
    LANG: "C.UTF-8",
    TERM: "dumb"
  }
  const sb: Sandbox = {
    ...home,
    env,
    exe,
    aws: (args, extra = {}) => run(["aws-sso", ...args], { ...env, ...extra }, home.home),
    sh: (argv, extra = {}) => run(argv, { ...env, ...extra }, home.home)
  }
  sandboxes.push(sb)
  return sb
}

afterEach(() => {
  while (sandboxes.length) sandboxes.pop()!.cleanup()
})

const read = (file: string) => fs.readFileSync(file, "utf8")
const mode = (file: string) => fs.statSync(file).mode & 0o777
const install = async (sb: Sandbox, shell: string, extra: ReadonlyArray<string> = []) => {
  const r = await sb.aws(["setup", "completions", "--install", "--shell", shell, ...extra])
  expect(r.stderr).toContain("please restart your shell for the changes to take effect")
  expect(r.code).toBe(0)
  return r
}

describe("setup completions", () => {
  test("--source prints the script without markers, calling this binary by the path it was run as", async () => {
    const sb = sandbox()
    for (const shell of ["bash", "zsh"]) {
      const r = await sb.aws(["setup", "completions", "--source", "--shell", shell])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`__aws_sso_exe='${sb.exe}'`)
      expect(r.stdout).not.toContain("BEGIN_AWS_SSO_CLI")
    }
    const fish = await sb.aws(["completions", "--source"], { SHELL: "/usr/bin/fish" })
    expect(fish.code).toBe(0)
    expect(fish.stdout).toContain("complete -c aws-sso -f")
    expect(fish.stdout).toContain("function aws-sso-profile")
    expect(fish.stdout).toContain("function aws-sso-clear")
    // No config needed (upstream's NO_CONFIG level).
    fs.rmSync(path.join(sb.home, ".aws-sso"), { recursive: true })
    const bare = await sb.aws(["setup", "completions", "--source", "--shell", "bash"])
    expect(bare.code).toBe(0)
    expect(bare.stdout).toContain("complete -F __aws_sso_complete aws-sso aws-sso-profile")
  }, slow)

  test("exactly one action, and a shell we support", async () => {
    const sb = sandbox()
    const none = await sb.aws(["setup", "completions"])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe("aws-sso: please specify a valid flag: --source, --install or --uninstall\n")
    const two = await sb.aws(["setup", "completions", "-I", "-U"])
    expect(two.code).toBe(1)
    expect(two.stderr).toContain("--install and --uninstall cannot be used together")
    const tcsh = await sb.aws(["setup", "completions", "--source"], { SHELL: "/bin/tcsh" })
    expect(tcsh.code).toBe(1)
    expect(tcsh.stderr).toBe("aws-sso: unsupported shell: tcsh (from $SHELL); supported: bash, zsh, fish\n")
    expect(fs.readdirSync(sb.home).sort()).toEqual([".aws-sso", "bin"])
  }, slow)

  test("bash: one block however often it is installed; uninstall restores the file byte for byte", async () => {
    const sb = sandbox()
    const rc = path.join(sb.home, ".bash_profile")
    const original = "# my profile\r\nexport EDITOR=vi\n\nalias ll='ls -l' # no newline at the end"
    fs.writeFileSync(rc, original)
    fs.chmodSync(rc, 0o640)
    const installed = await install(sb, "bash")
    expect(installed.stderr).toContain("install with --shell-script ~/.bashrc")
    const once = read(rc)
    expect(once).toStartWith(original + "\n# BEGIN_AWS_SSO_CLI\n")
    expect(once).toEndWith("# END_AWS_SSO_CLI\n")
    // -I, with the shell taken from $SHELL
    const again = await sb.aws(["setup", "completions", "-I"], { SHELL: "/bin/bash" })
    expect(again.code).toBe(0)
    expect(again.stderr).toContain("is already up to date")
    expect(read(rc)).toBe(once)
    expect(once.split("# BEGIN_AWS_SSO_CLI").length).toBe(2)
    expect(mode(rc)).toBe(0o640)
    const removed = await sb.aws(["setup", "completions", "--uninstall", "--shell", "bash"])
    expect(removed.code).toBe(0)
    expect(read(rc)).toBe(original)
  }, slow)

  test("zsh: a new ~/.zshrc is 0600 and uninstall deletes it again; --shell-script picks the file", async () => {
    const sb = sandbox()
    await install(sb, "zsh")
    const rc = path.join(sb.home, ".zshrc")
    expect(mode(rc)).toBe(0o600)
    await sb.aws(["completions", "-U", "--shell", "zsh"])
    expect(fs.existsSync(rc)).toBe(false)
    const custom = path.join(sb.home, "custom.zsh")
    fs.writeFileSync(custom, "setopt autocd\n")
    await install(sb, "zsh", ["--shell-script", custom])
    expect(read(custom)).toContain("compdef _aws_sso aws-sso aws-sso-profile")
    expect(fs.existsSync(rc)).toBe(false)
    await sb.aws(["setup", "completions", "--uninstall", "--shell", "zsh", "--shell-script", custom])
    expect(read(custom)).toBe("setopt autocd\n")
  }, slow)

  test("fish: four files in completions/ and functions/ (0600, folders 0700), all removed again", async () => {
    const sb = sandbox()
    await install(sb, "fish")
    const base = path.join(sb.home, ".config", "fish")
    const files = [
      "completions/aws-sso.fish",
      "functions/aws-sso-profile.fish",
      "completions/aws-sso-profile.fish",
      "functions/aws-sso-clear.fish"
    ].map((f) => path.join(base, f))
    for (const file of files) {
      expect(read(file)).toStartWith("# BEGIN_AWS_SSO_CLI\n")
      expect(mode(file)).toBe(0o600)
    }
    expect(mode(path.join(sb.home, ".config"))).toBe(0o700)
    expect(mode(path.join(base, "functions"))).toBe(0o700)
    const r = await sb.aws(["setup", "completions", "--uninstall", "--shell", "fish"])
    expect(r.code).toBe(0)
    for (const file of files) expect(fs.existsSync(file)).toBe(false)
  }, slow)
})

/** Lines of output split into one candidate list per input line (`@@` ends each). */
const perLine = (stdout: string): Array<Array<string>> =>
  stdout.split("@@\n").slice(0, -1).map((chunk) => chunk.split("\n").filter((l) => l !== ""))

const cases = {
  commands: "aws-sso ",
  flags: "aws-sso eval --p",
  profiles: "aws-sso eval -p ",
  profilesAfterColon: "aws-sso eval -p 000012345678:",
  arns: "aws-sso process -R ReadOnly --arn ",
  accounts: "aws-sso tags -A ",
  roles: "aws-sso tags -A 210987654321 -R ",
  ssoNames: "aws-sso -S ",
  otherInstance: "aws-sso eval --sso Secondary -p ",
  urlActions: "aws-sso login -u p",
  helper: "aws-sso-profile "
}
const lines = Object.values(cases)

/** What each case completes to; bash cuts words at `:` (COMP_WORDBREAKS), so it gets the rest only. */
const expected = (colonCut: boolean) => ({
  commands: [
    "cache",
    "console",
    "credentials",
    "ecs",
    "eval",
    "exec",
    "list",
    "login",
    "logout",
    "process",
    "setup",
    "tags",
    "time",
    "version"
  ],
  flags: ["--profile"],
  profiles: primaryProfiles,
  profilesAfterColon: colonCut
    ? ["AdministratorAccess", "ReadOnly"]
    : ["000012345678:AdministratorAccess", "000012345678:ReadOnly"],
  arns: ["arn:aws:iam::000012345678:role/ReadOnly", "arn:aws:iam::210987654321:role/ReadOnly"],
  accounts: ["000012345678", "210987654321"],
  roles: ["Billing", "ReadOnly"],
  ssoNames: ["Primary", "Secondary"],
  otherInstance: ["555555555555:PowerUser"],
  urlActions: ["print", "printurl"],
  helper: primaryProfiles
})

const byCase = (outputs: Array<Array<string>>) =>
  Object.fromEntries(Object.keys(cases).map((key, i) => [key, [...(outputs[i] ?? [])].sort()]))

describe("completion in real shells", () => {
  test("bash: the completion function fills COMPREPLY (with bash-completion loaded)", async () => {
    const sb = sandbox()
    await install(sb, "bash")
    const script = `[ -f ${bashCompletion} ] && . ${bashCompletion}
. ~/.bash_profile
complete -p aws-sso aws-sso-profile
for line in "$@"; do
  COMP_LINE="$line"; COMP_POINT=\${#line}
  read -r -a COMP_WORDS <<< "$line"; [ "\${line: -1}" = " " ] && COMP_WORDS+=("")
  COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
  __aws_sso_complete
  [ \${#COMPREPLY[@]} -gt 0 ] && printf '%s\\n' "\${COMPREPLY[@]}"
  echo @@
done`
    const r = await sb.sh([shells.bash, "--noprofile", "--norc", "-c", script, "bash", ...lines])
    expect(r.stderr).toBe("")
    expect(r.stdout).toStartWith(
      "complete -F __aws_sso_complete aws-sso\ncomplete -F __aws_sso_complete aws-sso-profile\n"
    )
    const out = r.stdout.split("\n").slice(2).join("\n")
    expect(byCase(perLine(out))).toEqual(byCase(Object.values(expected(true)).map((v) => [...v])))
  }, slow)

  test("zsh: registered with compdef, and _aws_sso adds the candidates", async () => {
    const sb = sandbox()
    await install(sb, "zsh")
    const script = `autoload -Uz compinit && compinit -u -d ~/.zcompdump
source ~/.zshrc
print -r -- "registered: $_comps[aws-sso] $_comps[aws-sso-profile]"
compadd() { print -rl -- "\${@[\${@[(i)--]}+1,-1]}" }
for line in "$@"; do
  words=(\${(z)line})
  [[ $line == *' ' ]] && words+=('')
  CURRENT=\${#words}
  PREFIX=$words[CURRENT]
  _aws_sso
  print -r -- @@
done`
    const r = await sb.sh([shells.zsh, "-f", "-c", script, "zsh", ...lines])
    expect(r.stderr).toBe("")
    expect(r.stdout).toStartWith("registered: _aws_sso _aws_sso\n")
    const out = r.stdout.split("\n").slice(1).join("\n")
    expect(byCase(perLine(out))).toEqual(byCase(Object.values(expected(false)).map((v) => [...v])))
  }, slow)

  test("zsh: without compinit in .zshrc, the first prompt registers the completion", async () => {
    const sb = sandbox()
    await install(sb, "zsh")
    const script = `source ~/.zshrc
print -r -- "before: \${_comps[aws-sso]:-none}"
for hook in $precmd_functions; do $hook; done
print -r -- "after: $_comps[aws-sso]"`
    const r = await sb.sh([shells.zsh, "-f", "-c", script])
    expect(r.stdout).toBe("before: none\nafter: _aws_sso\n")
  }, slow)

  test("fish: complete -C answers from the autoloaded completion files", async () => {
    const sb = sandbox()
    await install(sb, "fish")
    const script = "for line in $argv; complete -C $line; echo @@; end"
    const r = await sb.sh([shells.fish, "-c", script, ...lines])
    expect(r.stderr).toBe("")
    expect(byCase(perLine(r.stdout))).toEqual(byCase(Object.values(expected(false)).map((v) => [...v])))
  }, slow)
})

/**
 * Types into an interactive shell on a pseudo-terminal (util-linux `script`) and returns the
 * command line after each TAB, read back through a key binding (Ctrl-G) that appends it to a file.
 */
const typeInto = async (
  sb: Sandbox,
  command: string,
  extraEnv: Record<string, string>,
  typed: ReadonlyArray<string>
): Promise<Array<string>> => {
  const dump = path.join(sb.home, "lines.txt")
  const ready = path.join(sb.home, "ready")
  const env = { ...sb.env, TERM: "xterm", DUMP: dump, READY: ready, ...extraEnv }
  const child = spawn("script", ["-qfec", command, "/dev/null"], { env, cwd: sb.home, stdio: ["pipe", "pipe", "pipe"] })
  let screen = ""
  child.stdout.setEncoding("utf8").on("data", (d: string) => (screen += d))
  const lines = () => (fs.existsSync(dump) ? read(dump).split("\n").filter((l) => l !== "") : [])
  const waitFor = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 20_000
    while (!done()) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; screen: ${JSON.stringify(screen.slice(-400))}`)
      }
      await Bun.sleep(25)
    }
  }
  try {
    await waitFor("the shell to start", () => fs.existsSync(ready))
    await Bun.sleep(300)
    for (const [i, text] of typed.entries()) {
      child.stdin.write(`${text}\t`)
      await Bun.sleep(50)
      child.stdin.write("\x07")
      await waitFor(`the line after typing ${JSON.stringify(text)}`, () => lines().length > i)
      child.stdin.write("\x15")
    }
    return lines()
  } finally {
    child.stdin.end("exit\r")
    await Promise.race([new Promise((r) => child.on("close", r)), Bun.sleep(2_000)])
    child.kill("SIGKILL")
  }
}

const typed = [
  "aws-sso ev",
  "aws-sso eval -p 000012345678:Ad",
  "aws-sso eval --profile=prod",
  "aws-sso eval -p 0000",
  "aws-sso-profile 2",
  "aws-sso process --arn arn:aws:iam::21098765432",
  "aws-sso process -R Billing --arn arn",
  "aws-sso setup completions --sh"
]
const afterTab = [
  "aws-sso eval ",
  "aws-sso eval -p 000012345678:AdministratorAccess ",
  "aws-sso eval --profile=prod-billing ",
  "aws-sso eval -p 000012345678:",
  "aws-sso-profile 210987654321:ReadOnly ",
  "aws-sso process --arn arn:aws:iam::210987654321:role/",
  "aws-sso process -R Billing --arn arn:aws:iam::210987654321:role/Billing ",
  "aws-sso setup completions --shell"
]

describe("what a TAB press inserts", () => {
  test("bash (readline, profile names with colons)", async () => {
    const sb = sandbox()
    await install(sb, "bash")
    const rc = path.join(sb.home, "interactive.bash")
    fs.writeFileSync(
      rc,
      `[ -f ${bashCompletion} ] && . ${bashCompletion}
. ~/.bash_profile
PS1='$ '
bind -x '"\\C-g": printf "%s\\n" "$READLINE_LINE" >> "$DUMP"'
touch "$READY"
`
    )
    expect(await typeInto(sb, `bash --noprofile --rcfile ${rc} -i`, {}, typed)).toEqual(afterTab)
  }, slow)

  test("zsh (zle, compinit loaded by the block at the first prompt)", async () => {
    const sb = sandbox()
    await install(sb, "zsh")
    const zdotdir = path.join(sb.home, "zdotdir")
    fs.mkdirSync(zdotdir)
    fs.writeFileSync(
      path.join(zdotdir, ".zshrc"),
      `source ~/.zshrc
PS1='%% '
__dump() { print -r -- "$BUFFER" >> $DUMP }
zle -N __dump
bindkey '^G' __dump
touch $READY
`
    )
    expect(await typeInto(sb, "zsh -i", { ZDOTDIR: zdotdir }, typed)).toEqual(afterTab)
  }, slow)

  test("fish (autoloaded completions)", async () => {
    const sb = sandbox()
    await install(sb, "fish")
    fs.writeFileSync(
      path.join(sb.home, ".config", "fish", "config.fish"),
      `function fish_prompt; echo '> '; end
function fish_greeting; end
bind \\cg 'commandline >> $DUMP'
touch $READY
`
    )
    expect(await typeInto(sb, "fish -i", {}, typed)).toEqual(afterTab)
  }, slow)
})

/**
 * A stand-in for aws-sso in the helper tests: logs its arguments and prints what `eval` would.
 * Profile `other` makes it export a different profile; `fail` makes it fail.
 */
const stubScript = `#!/bin/sh
printf '%s\\n' "$*" >> "$STUB_LOG"
case "$*" in
  *"eval -c") echo "unset AWS_SSO_PROFILE"; echo "unset AWS_ACCESS_KEY_ID" ;;
  *"eval -p fail") echo "not logged in" >&2; exit 1 ;;
  *"eval -p other") echo "export AWS_SSO_PROFILE='somethingelse'" ;;
  *"eval -p "*) echo "export AWS_SSO_PROFILE='\${*##* }'"; echo "export AWS_ACCESS_KEY_ID='AKIASTUB'" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`

/** The helper scenarios, each as `label|command`: the same steps in every shell. */
const steps = [
  "no-profile|aws-sso-profile",
  "two-profiles|aws-sso-profile a b",
  "unknown-flag|aws-sso-profile -x a",
  "aws-profile-set|AWS_PROFILE=mine aws-sso-profile a",
  "with-sso|aws-sso-profile -S Secondary prod",
  "helper-args|AWS_SSO_HELPER_ARGS='--config /x/c.yaml' aws-sso-profile p2",
  "failing-eval|aws-sso-profile fail",
  "wrong-profile|aws-sso-profile other",
  "clear|aws-sso-clear",
  "clear-again|aws-sso-clear"
]

const usageLine = "Usage: aws-sso-profile [-S|--sso <sso-instance>] <profile>"
const helperResults = [
  `no-profile rc=1 err=${usageLine} profile=- key=-`,
  `two-profiles rc=1 err=${usageLine} profile=- key=-`,
  `unknown-flag rc=1 err=aws-sso-profile: unknown flag -x ${usageLine} profile=- key=-`,
  "aws-profile-set rc=1 err=Unable to assume a role while AWS_PROFILE is set profile=- key=-",
  "with-sso rc=0 err= profile=prod key=AKIASTUB",
  "helper-args rc=0 err= profile=p2 key=AKIASTUB",
  "failing-eval rc=1 err=not logged in profile=p2 key=AKIASTUB",
  "wrong-profile rc=1 err= profile=somethingelse key=AKIASTUB",
  "clear rc=0 err= profile=- key=-",
  "clear-again rc=1 err=AWS_SSO_PROFILE is not set profile=- key=-"
]
const stubCalls = [
  "-L error -S Secondary eval -p prod",
  "--config /x/c.yaml eval -p p2",
  "-L error eval -p fail",
  "-L error eval -p other",
  "-L error eval -c"
]

const posixSteps = (rcFile: string) =>
  `. ${rcFile}
err=$(mktemp)
step() {
  eval "$2" 2>"$err"
  rc=$?
  e=$(tr '\\n' ' ' < "$err" | sed 's/ $//')
  echo "$1 rc=$rc err=$e profile=\${AWS_SSO_PROFILE:--} key=\${AWS_ACCESS_KEY_ID:--}"
}
for s in "$@"; do step "\${s%%|*}" "\${s#*|}"; done
rm -f "$err"`

const fishSteps = `set -l err (mktemp)
for s in $argv
  set -l label (string split -m1 '|' -- $s)[1]
  set -l cmd (string split -m1 '|' -- $s)[2]
  eval $cmd 2>$err
  set -l rc $status
  set -l p -; set -q AWS_SSO_PROFILE; and set p $AWS_SSO_PROFILE
  set -l k -; set -q AWS_ACCESS_KEY_ID; and set k $AWS_ACCESS_KEY_ID
  set -l e (cat $err | string join ' ')
  echo "$label rc=$rc err=$e profile=$p key=$k"
end
rm -f $err`

describe("the aws-sso-profile and aws-sso-clear helpers", () => {
  /** The shell's script with a stub in place of the binary. */
  const withStub = async (sb: Sandbox, shell: "bash" | "zsh" | "fish") => {
    const stub = path.join(sb.home, "stub-aws-sso")
    fs.writeFileSync(stub, stubScript, { mode: 0o755 })
    const source = await sb.aws(["setup", "completions", "--source", "--shell", shell])
    expect(source.stdout).toContain(sb.exe)
    const file = path.join(sb.home, `helpers.${shell}`)
    fs.writeFileSync(file, source.stdout.replaceAll(sb.exe, stub))
    return { file, log: path.join(sb.home, "stub.log") }
  }

  for (const shell of ["bash", "zsh"] as const) {
    test(`${shell}: arguments, the AWS_PROFILE guard, AWS_SSO_HELPER_ARGS, eval and the result check`, async () => {
      const sb = sandbox()
      const { file, log } = await withStub(sb, shell)
      const argv = shell === "bash" ? [shells.bash, "--noprofile", "--norc"] : [shells.zsh, "-f"]
      const r = await sb.sh([...argv, "-c", posixSteps(file), shell, ...steps], { STUB_LOG: log })
      expect(r.stdout.split("\n").filter((l) => l !== "")).toEqual(helperResults)
      expect(read(log).split("\n").filter((l) => l !== "")).toEqual(stubCalls)
    }, slow)
  }

  test("fish: the same, with the functions autoloaded from functions/", async () => {
    const sb = sandbox()
    const { file, log } = await withStub(sb, "fish")
    // Split the printed files back into the folders fish autoloads from.
    const text = read(file)
    const functions = path.join(sb.home, ".config", "fish", "functions")
    fs.mkdirSync(functions, { recursive: true })
    for (const name of ["aws-sso-profile", "aws-sso-clear"]) {
      const start = text.indexOf(`function ${name} `)
      const end = text.indexOf("\nend\n", start) + "\nend\n".length
      fs.writeFileSync(path.join(functions, `${name}.fish`), text.slice(start, end))
    }
    const r = await sb.sh([shells.fish, "-c", fishSteps, ...steps], { STUB_LOG: log })
    // fish does not pass a block's stderr redirection into command substitutions: the error of
    // the failing eval reaches the shell's own stderr instead.
    const fishResults = helperResults.map((l) => l.replace("err=not logged in ", "err= "))
    expect(r.stdout.split("\n").filter((l) => l !== "")).toEqual(fishResults)
    expect(r.stderr).toContain("not logged in")
    expect(read(log).split("\n").filter((l) => l !== "")).toEqual(stubCalls)
  }, slow)
})

describe("against the emulator, logged in", () => {
  let w: World
  const installIn = async (shell: string) => {
    const r = await w.run(["setup", "completions", "--install", "--shell", shell])
    expect(r.code).toBe(0)
  }
  beforeAll(async () => {
    w = await loggedIn()
  }, slow)
  afterAll(cleanupWorlds)

  test("profile completion reads the cache only: no AWS call, default ProfileFormat honoured", async () => {
    const env = { ...w.sandbox.env, COMP_LINE: "aws-sso eval -p ", __NO_ESCAPE_COLONS: "1" }
    const r = await run([binaryPath()], env, w.sandbox.home)
    expect(r.stdout.split("\n").filter((l) => l !== "")).toEqual(
      [profiles.admin1, profiles.admin2, profiles.readOnly2, profiles.readOnly1].sort()
    )
    const calls = Object.values(w.emu.counters().calls).reduce((a, b) => a + b, 0)
    expect(calls).toBe(0)
  }, slow)

  const roundTrip = {
    bash: (rc: string) => [shells.bash, "--noprofile", "--norc", "-c", `. ${rc}\n${posixRoundTrip}`],
    zsh: (rc: string) => [shells.zsh, "-f", "-c", `. ${rc}\n${posixRoundTrip}`],
    fish: () => [shells.fish, "-c", fishRoundTrip]
  }
  const posixRoundTrip = `aws-sso-profile ${profiles.readOnly1} || exit 9
echo "profile=$AWS_SSO_PROFILE arn=$AWS_SSO_ROLE_ARN key=$AWS_ACCESS_KEY_ID"
aws-sso-clear || exit 8
echo "cleared profile=\${AWS_SSO_PROFILE:--} key=\${AWS_ACCESS_KEY_ID:--}"`
  const fishRoundTrip = `aws-sso-profile ${profiles.readOnly1}; or exit 9
echo "profile=$AWS_SSO_PROFILE arn=$AWS_SSO_ROLE_ARN key=$AWS_ACCESS_KEY_ID"
aws-sso-clear; or exit 8
set -q AWS_SSO_PROFILE; or set -l AWS_SSO_PROFILE -
set -q AWS_ACCESS_KEY_ID; or set -l AWS_ACCESS_KEY_ID -
echo "cleared profile=$AWS_SSO_PROFILE key=$AWS_ACCESS_KEY_ID"`

  for (const shell of ["bash", "zsh", "fish"] as const) {
    test(`${shell}: aws-sso-profile loads the role's credentials through eval, aws-sso-clear drops them`, async () => {
      await installIn(shell)
      const rc = path.join(w.sandbox.home, shell === "bash" ? ".bash_profile" : ".zshrc")
      const env = Object.fromEntries(
        Object.entries({ ...w.sandbox.env, XDG_CONFIG_HOME: path.join(w.sandbox.home, ".config") })
          .filter(([, v]) => v !== undefined)
      ) as Record<string, string>
      const r = await run(roundTrip[shell](rc), env, w.sandbox.home)
      expect(r.code).toBe(0)
      const [loaded, cleared] = r.stdout.split("\n")
      const key = /key=(\S+)/.exec(loaded ?? "")?.[1]
      expect(loaded).toStartWith(`profile=${profiles.readOnly1} arn=${readOnly1} key=`)
      const issued = await issuedCredentials(w)
      expect(issued.filter((c) => c.roleArn === readOnly1).map((c) => c.accessKeyId)).toContain(key!)
      expect(cleared).toBe("cleared profile=- key=-")
    }, slow)
  }
})
