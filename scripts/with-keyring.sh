#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring Secret Service, so
# the Secret Service tests use a real keyring without touching the user's own keyrings.
#
#   scripts/with-keyring.sh CMD [ARGS...]      (exit status is CMD's)
#
# Needs: apt-get install -y gnome-keyring dbus-x11 libsecret-tools
# Inside CMD: DBUS_SESSION_BUS_ADDRESS points at the private bus, and the unlocked login collection
# (also the "default" alias) is labelled "awsssocli", upstream's default SecretServiceCollection;
# WITH_KEYRING_COLLECTION_PATH is its D-Bus object path.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool not found (apt-get install -y gnome-keyring dbus-x11 libsecret-tools)" >&2
    exit 127
  fi
done

data_dir="$(mktemp -d "${TMPDIR:-/tmp}/aws-sso-keyring.XXXXXX")"
trap 'rm -rf "$data_dir"' EXIT
mkdir -m 700 "$data_dir/run"

# The daemon (and anything D-Bus activates) must keep its files in the temp folder, not in the
# user's ~/.local/share/keyrings; CMD gets the caller's values back.
export WITH_KEYRING_DATA_DIR="$data_dir"
export WITH_KEYRING_SAVED_XDG_DATA_HOME="${XDG_DATA_HOME-__unset__}"
export WITH_KEYRING_SAVED_XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR-__unset__}"
export XDG_DATA_HOME="$data_dir" XDG_RUNTIME_DIR="$data_dir/run"

status=0
dbus-run-session -- bash -c '
  set -euo pipefail
  # --unlock reads the login keyring password from stdin and prints the variables to export.
  keyring_env="$(printf %s "with-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
  while IFS= read -r line; do
    case "$line" in
      *=*) export "$line" ;;
    esac
  done <<<"$keyring_env"
  # With XDG_RUNTIME_DIR set the daemon prints nothing: its control socket is in the standard place.
  export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$XDG_RUNTIME_DIR/keyring}"
  # A new collection would need a GUI password prompt, which a headless session cannot show, so the
  # login collection that --unlock created (encrypted, unlocked) gets the label instead. Retry
  # while the daemon finishes registering on the bus.
  export WITH_KEYRING_COLLECTION_PATH=/org/freedesktop/secrets/collection/login
  for attempt in $(seq 1 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.secrets "$WITH_KEYRING_COLLECTION_PATH" \
      org.freedesktop.DBus.Properties.Set string:org.freedesktop.Secret.Collection string:Label \
      variant:string:awsssocli >/dev/null 2>&1; then
      break
    fi
    if [ "$attempt" -eq 50 ]; then
      echo "with-keyring: could not label the login collection" >&2
      exit 1
    fi
    sleep 0.1
  done
  restore() {
    if [ "$2" = "__unset__" ]; then unset "$1"; else export "$1=$2"; fi
  }
  restore XDG_DATA_HOME "$WITH_KEYRING_SAVED_XDG_DATA_HOME"
  restore XDG_RUNTIME_DIR "$WITH_KEYRING_SAVED_XDG_RUNTIME_DIR"
  unset WITH_KEYRING_SAVED_XDG_DATA_HOME WITH_KEYRING_SAVED_XDG_RUNTIME_DIR
  exec "$@"
' with-keyring "$@" || status=$?
exit "$status"
