/**
 * The shell scripts `setup completions` prints and installs (spec 9): completion for `aws-sso`
 * and the `aws-sso-profile` / `aws-sso-clear` helpers, for bash, zsh and fish.
 *
 * Every script asks the binary itself for candidates (`COMP_LINE` protocol, see `entry.ts`), so
 * the three shells complete the same words from the same cache, and helper completion needs no
 * other command. `@EXE@` stands for the absolute path of this binary, quoted for the shell.
 */

export type ShellName = "bash" | "zsh" | "fish"

export const shellNames: ReadonlyArray<ShellName> = ["bash", "zsh", "fish"]

export const isShellName = (name: string): name is ShellName => (shellNames as ReadonlyArray<string>).includes(name)

/** One file of a shell's installation; `target` is relative to the shell's base folder. */
export interface ScriptFile {
  readonly target: string
  readonly text: string
}

const posixQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
const fishQuote = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`

const usage = "Usage: aws-sso-profile [-S|--sso <sso-instance>] <profile>"

const bashScript = `# aws-sso (bash): completion for aws-sso and the aws-sso-profile / aws-sso-clear helpers.
# Extra flags for the helpers come from $AWS_SSO_HELPER_ARGS (default: -L error).
__aws_sso_exe=@EXE@

# The binary completes the line itself: it reads COMP_LINE and prints one word per line.
__aws_sso_complete() {
  local __aws_sso_word
  COMPREPLY=()
  while IFS= read -r __aws_sso_word; do
    COMPREPLY+=("$__aws_sso_word")
  done < <(COMP_LINE="$COMP_LINE" COMP_POINT="$COMP_POINT" COMP_WORDBREAKS="$COMP_WORDBREAKS" \\
    __NO_ESCAPE_COLONS=1 AWS_SSO_HELPER_ARGS="\${AWS_SSO_HELPER_ARGS--L error}" "$__aws_sso_exe" 2>/dev/null)
  # A folder or a "--flag=" is not finished yet: no space after it.
  if [ "\${#COMPREPLY[@]}" -eq 1 ] && type compopt >/dev/null 2>&1; then
    case "\${COMPREPLY[0]}" in */ | *=) compopt -o nospace ;; esac
  fi
}
complete -F __aws_sso_complete aws-sso aws-sso-profile

# aws-sso-profile [-S|--sso <sso-instance>] <profile>: loads the profile's credentials into this shell.
aws-sso-profile() {
  if [ -n "\${AWS_PROFILE:-}" ]; then
    echo "Unable to assume a role while AWS_PROFILE is set" >&2
    return 1
  fi
  local _sso="" _profile="" _out
  while [ $# -gt 0 ]; do
    case "$1" in
      -S | --sso)
        if [ $# -lt 2 ]; then
          echo "${usage}" >&2
          return 1
        fi
        _sso="$2"
        shift 2
        ;;
      --sso=*)
        _sso="\${1#--sso=}"
        shift
        ;;
      -*)
        echo "aws-sso-profile: unknown flag $1" >&2
        echo "${usage}" >&2
        return 1
        ;;
      *)
        if [ -n "$_profile" ]; then
          echo "${usage}" >&2
          return 1
        fi
        _profile="$1"
        shift
        ;;
    esac
  done
  if [ -z "$_profile" ]; then
    echo "${usage}" >&2
    return 1
  fi
  # Word splitting of the helper flags is intended.
  set -- \${AWS_SSO_HELPER_ARGS--L error}
  if [ -n "$_sso" ]; then set -- "$@" -S "$_sso"; fi
  _out="$(SHELL=/bin/sh "$__aws_sso_exe" "$@" eval -p "$_profile")" || return 1
  eval "$_out"
  [ "\${AWS_SSO_PROFILE:-}" = "$_profile" ]
}

# aws-sso-clear: forgets the credentials aws-sso-profile loaded.
aws-sso-clear() {
  if [ -z "\${AWS_SSO_PROFILE:-}" ]; then
    echo "AWS_SSO_PROFILE is not set" >&2
    return 1
  fi
  local _out
  set -- \${AWS_SSO_HELPER_ARGS--L error}
  _out="$(SHELL=/bin/sh "$__aws_sso_exe" "$@" eval -c)" || return 1
  eval "$_out"
}
`

const zshScript = `# aws-sso (zsh): completion for aws-sso and the aws-sso-profile / aws-sso-clear helpers.
# Extra flags for the helpers come from $AWS_SSO_HELPER_ARGS (default: -L error).
typeset -g __aws_sso_exe=@EXE@

# The binary completes the line itself: it reads COMP_LINE and prints one word per line.
_aws_sso() {
  local line="\${(j: :)words[1,CURRENT-1]} \${PREFIX}"
  local -a found finished open
  found=(\${(f)"$(COMP_LINE="$line" COMP_POINT="\${#line}" __NO_ESCAPE_COLONS=1 \\
    AWS_SSO_HELPER_ARGS="\${AWS_SSO_HELPER_ARGS--L error}" "$__aws_sso_exe" 2>/dev/null)"})
  local word
  for word in $found; do
    # A folder or a "--flag=" is not finished yet: no space after it.
    case "$word" in
      */ | *=) open+=("$word") ;;
      *) finished+=("$word") ;;
    esac
  done
  (( \${#open} )) && compadd -S '' -- $open
  (( \${#finished} )) && compadd -- $finished
  return 0
}

# aws-sso-profile [-S|--sso <sso-instance>] <profile>: loads the profile's credentials into this shell.
aws-sso-profile() {
  if [[ -n "\${AWS_PROFILE:-}" ]]; then
    echo "Unable to assume a role while AWS_PROFILE is set" >&2
    return 1
  fi
  local _sso="" _profile="" _out
  local -a _args
  while (( $# > 0 )); do
    case "$1" in
      -S | --sso)
        if (( $# < 2 )); then
          echo "${usage}" >&2
          return 1
        fi
        _sso="$2"
        shift 2
        ;;
      --sso=*)
        _sso="\${1#--sso=}"
        shift
        ;;
      -*)
        echo "aws-sso-profile: unknown flag $1" >&2
        echo "${usage}" >&2
        return 1
        ;;
      *)
        if [[ -n "$_profile" ]]; then
          echo "${usage}" >&2
          return 1
        fi
        _profile="$1"
        shift
        ;;
    esac
  done
  if [[ -z "$_profile" ]]; then
    echo "${usage}" >&2
    return 1
  fi
  _args=(\${=AWS_SSO_HELPER_ARGS--L error})
  [[ -n "$_sso" ]] && _args+=(-S "$_sso")
  _out="$(SHELL=/bin/sh "$__aws_sso_exe" "\${_args[@]}" eval -p "$_profile")" || return 1
  eval "$_out"
  [[ "\${AWS_SSO_PROFILE:-}" == "$_profile" ]]
}

# aws-sso-clear: forgets the credentials aws-sso-profile loaded.
aws-sso-clear() {
  if [[ -z "\${AWS_SSO_PROFILE:-}" ]]; then
    echo "AWS_SSO_PROFILE is not set" >&2
    return 1
  fi
  local _out
  local -a _args
  _args=(\${=AWS_SSO_HELPER_ARGS--L error})
  _out="$(SHELL=/bin/sh "$__aws_sso_exe" "\${_args[@]}" eval -c)" || return 1
  eval "$_out"
}

# compdef exists once compinit has run, which .zshrc usually does later: then register at the
# first prompt, loading compinit there if nothing else did.
__aws_sso_compdef() {
  if (( ! $+functions[compdef] )); then
    autoload -Uz compinit && compinit -i
  fi
  compdef _aws_sso aws-sso aws-sso-profile
}
if (( $+functions[compdef] )); then
  __aws_sso_compdef
else
  __aws_sso_compdef_once() {
    add-zsh-hook -d precmd __aws_sso_compdef_once
    __aws_sso_compdef
  }
  autoload -Uz add-zsh-hook
  add-zsh-hook precmd __aws_sso_compdef_once
fi
`

/** Shared by the two fish completion files: fish loads each on its own, on first use. */
const fishCompleteFunction = (name: string) => `function ${name}
    # The binary completes the line itself: it reads COMP_LINE and prints one word per line.
    set -l line (commandline -cp)
    if test -z (commandline -ct); and not string match -qr '\\s$' -- $line
        set line "$line "
    end
    set -l helper_args -L error
    set -q AWS_SSO_HELPER_ARGS; and set helper_args $AWS_SSO_HELPER_ARGS
    COMP_LINE=$line COMP_POINT=(string length -- $line) __NO_ESCAPE_COLONS=1 \\
        AWS_SSO_HELPER_ARGS="$helper_args" @EXE@ 2>/dev/null
end
`

const fishAwsSsoCompletion = `# aws-sso (fish): completion for aws-sso.
${fishCompleteFunction("__aws_sso_complete")}
complete -c aws-sso -f -a '(__aws_sso_complete)'
`

const fishProfileCompletion = `# aws-sso (fish): completion for the aws-sso-profile helper.
${fishCompleteFunction("__aws_sso_profile_complete")}
complete -c aws-sso-profile -f -a '(__aws_sso_profile_complete)'
`

const fishProfileFunction = `# aws-sso (fish): the aws-sso-profile helper.
function aws-sso-profile --description 'Load the credentials of an aws-sso profile into this shell'
    if test -n "$AWS_PROFILE"
        echo "Unable to assume a role while AWS_PROFILE is set" >&2
        return 1
    end
    set -l usage '${usage}'
    set -l sso
    set -l profile
    while set -q argv[1]
        switch $argv[1]
            case -S --sso
                if not set -q argv[2]
                    echo $usage >&2
                    return 1
                end
                set sso $argv[2]
                set -e argv[1..2]
            case '--sso=*'
                set sso (string replace -- '--sso=' '' $argv[1])
                set -e argv[1]
            case '-*'
                echo "aws-sso-profile: unknown flag $argv[1]" >&2
                echo $usage >&2
                return 1
            case '*'
                if test -n "$profile"
                    echo $usage >&2
                    return 1
                end
                set profile $argv[1]
                set -e argv[1]
        end
    end
    if test -z "$profile"
        echo $usage >&2
        return 1
    end
    set -l args -L error
    set -q AWS_SSO_HELPER_ARGS; and set args (string split -n ' ' -- $AWS_SSO_HELPER_ARGS)
    test -n "$sso"; and set -a args -S $sso
    set -l out (SHELL=(status fish-path) @EXE@ $args eval -p $profile); or return 1
    # Older aws-sso versions print POSIX lines; fish has export but no unset.
    string join \\n -- $out | string replace -r '^unset ' 'set -e ' | source
    test "$AWS_SSO_PROFILE" = "$profile"
end
`

const fishClearFunction = `# aws-sso (fish): the aws-sso-clear helper.
function aws-sso-clear --description 'Forget the credentials aws-sso-profile loaded'
    if test -z "$AWS_SSO_PROFILE"
        echo "AWS_SSO_PROFILE is not set" >&2
        return 1
    end
    set -l args -L error
    set -q AWS_SSO_HELPER_ARGS; and set args (string split -n ' ' -- $AWS_SSO_HELPER_ARGS)
    set -l out (SHELL=(status fish-path) @EXE@ $args eval -c); or return 1
    string join \\n -- $out | string replace -r '^unset ' 'set -e ' | source
end
`

/**
 * The files of a shell, in install order, with `executable` filled in. bash and zsh have one
 * (appended to an rc file); fish has four in its `completions/` and `functions/` folders, so they
 * autoload.
 */
export const renderScripts = (shell: ShellName, executable: string): ReadonlyArray<ScriptFile> => {
  switch (shell) {
    case "bash":
      return [{ target: ".bash_profile", text: bashScript.replaceAll("@EXE@", posixQuote(executable)) }]
    case "zsh":
      return [{ target: ".zshrc", text: zshScript.replaceAll("@EXE@", posixQuote(executable)) }]
    case "fish": {
      const fill = (text: string) => text.replaceAll("@EXE@", fishQuote(executable))
      return [
        { target: "completions/aws-sso.fish", text: fill(fishAwsSsoCompletion) },
        { target: "functions/aws-sso-profile.fish", text: fill(fishProfileFunction) },
        { target: "completions/aws-sso-profile.fish", text: fill(fishProfileCompletion) },
        { target: "functions/aws-sso-clear.fish", text: fill(fishClearFunction) }
      ]
    }
  }
}
