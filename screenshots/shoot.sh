#!/usr/bin/env bash
# Screenshots of real gantry screens, as PNGs in this folder.
#
# The real binary runs in a detached tmux session of a given size; keys are sent to reach a
# screen; `tmux capture-pane -e` takes the screen with its colours; aha turns that into HTML
# (with a small stylesheet for a monospace font whose box drawing lines up); headless Chromium
# photographs the HTML.
#
# Usage:  screenshots/shoot.sh            # build, then take every shot listed at the bottom
#         screenshots/shoot.sh help-120x40   # only the shots whose names are given
#
# Environment:
#   GANTRY_BIN        the binary to run (default: $CARGO_TARGET_DIR or <repo>/target, debug/gantry,
#                     built with `cargo build` first unless GANTRY_BIN is set)
#   GANTRY_SHOT_ARGS  arguments for gantry (default: demo --speed 10; e.g.
#                     "--config <repo>/config.example.toml" for the screens without data)
#   GANTRY_SHOT_READY text that shows gantry has drawn its first screen (default: "1 Overview")
#   GANTRY_SHOT_OUT   where the PNGs go (default: this folder)
#   GANTRY_SHOT_FONT_PX  font size in CSS pixels (default: 15)
#   GANTRY_SHOT_KEEP_HTML=1  keep the intermediate .html files next to the PNGs
#
# To add a screen, add a `shot NAME WIDTH HEIGHT KEYS...` line at the bottom. KEYS are tmux
# key names (`?`, `Tab`, `BTab`, `Enter`, `Escape`, `j`, `C-c`...), sent after gantry is ready,
# plus two pseudo-keys: `wait:TEXT` waits until TEXT is on the screen, `sleep:SECONDS` pauses.
# After the last key the script waits for the screen to stop changing before capturing it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out_dir="${GANTRY_SHOT_OUT:-$here}"
ready_text="${GANTRY_SHOT_READY:-CI: Enterprise CI Pipeline}"
timeout_s=20

log() { printf 'shoot: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools: install from Debian only what is missing ------------------------------------------
need_pkgs=()
command -v tmux >/dev/null 2>&1 || need_pkgs+=(tmux)
command -v aha >/dev/null 2>&1 || need_pkgs+=(aha)
if command -v chromium >/dev/null 2>&1; then
    chromium_bin=chromium
elif command -v chromium-browser >/dev/null 2>&1; then
    chromium_bin=chromium-browser
else
    chromium_bin=chromium
    need_pkgs+=(chromium)
fi
if command -v fc-list >/dev/null 2>&1; then
    fc-list 2>/dev/null | grep -qi 'DejaVu Sans Mono' || need_pkgs+=(fonts-dejavu-core)
else
    [ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need_pkgs+=(fonts-dejavu-core)
fi
if [ "${#need_pkgs[@]}" -gt 0 ]; then
    log "installing ${need_pkgs[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${need_pkgs[@]}"
fi

# --- gantry ------------------------------------------------------------------------------------
if [ -n "${GANTRY_BIN:-}" ]; then
    bin="$GANTRY_BIN"
else
    (cd "$repo" && cargo build --quiet --bin gantry)
    target="${CARGO_TARGET_DIR:-target}"
    case "$target" in /*) ;; *) target="$repo/$target" ;; esac # cargo ran in $repo
    bin="$target/debug/gantry"
fi
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
[ -x "$bin" ] || die "no gantry binary at $bin"

if [ -n "${GANTRY_SHOT_ARGS+set}" ]; then
    # Word-split on purpose: GANTRY_SHOT_ARGS is a plain list of arguments.
    read -r -a gantry_args <<<"$GANTRY_SHOT_ARGS"
else
    # The demo: the simulator plays a release, so the shots show a pipeline at work.
    gantry_args=(demo --speed 10)
fi

# --- scratch space, private tmux server, cleanup ---------------------------------------------
work="$(mktemp -d "${TMPDIR:-/tmp}/gantry-shots.XXXXXX")"
socket="gantry-shots"
tm() { tmux -L "$socket" -f /dev/null "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A server left over from an interrupted run would make new-session fail.
tm kill-server >/dev/null 2>&1 || true

capture() { tm capture-pane -p -t shot:0 "$@" 2>/dev/null || true; }
# The pane as text without blank lines, for error messages.
show_pane() { printf '%s\n' "the pane shows:"; capture | grep -v '^[[:space:]]*$' || true; }

# Waits (with a deadline) until the pane contains TEXT.
wait_text() {
    local text="$1" deadline=$((SECONDS + timeout_s))
    until capture | grep -qF -- "$text"; do
        if [ "$(tm display-message -p -t shot:0 '#{pane_dead}' 2>/dev/null)" = 1 ]; then
            die "gantry exited while waiting for '$text'; $(show_pane)"
        fi
        [ "$SECONDS" -lt "$deadline" ] || die "timed out waiting for '$text' (${timeout_s}s); $(show_pane)"
        sleep 0.05
    done
}

# Waits until the pane has looked the same for a few polls in a row (the screen has settled).
wait_stable() {
    local prev="" cur same=0 deadline=$((SECONDS + timeout_s))
    while [ "$same" -lt 4 ]; do
        cur="$(capture -e)"
        if [ "$cur" = "$prev" ]; then same=$((same + 1)); else same=0; fi
        prev="$cur"
        [ "$SECONDS" -lt "$deadline" ] || { log "warning: screen still changing; capturing anyway"; return 0; }
        sleep 0.1
    done
}

# The HTML page around aha's output: dark background, DejaVu Sans Mono, and whole-pixel cells so
# that box drawing joins up: the line height is 1.15 em rounded to a pixel (a fractional one leaves
# hairline gaps between rows), and a tiny letter-spacing makes the advance (1233/2048 em in DejaVu
# Sans Mono) a whole number of pixels too. The window is sized to the text: no margins.
font_px="${GANTRY_SHOT_FONT_PX:-15}"
cell_w=$(awk -v f="$font_px" 'BEGIN { printf "%d", f * 1233 / 2048 + 0.5 }')
cell_h=$(awk -v f="$font_px" 'BEGIN { printf "%d", f * 1.15 + 0.5 }')
letter_spacing=$(awk -v f="$font_px" -v w="$cell_w" 'BEGIN { printf "%.4f", w - f * 1233 / 2048 }')
pad_px=8
css() {
    cat <<EOF
<style>
html, body { margin: 0; padding: 0; background: #000; color: #d0d0d0; }
pre {
  margin: 0; padding: ${pad_px}px;
  font-family: 'DejaVu Sans Mono', monospace; font-size: ${font_px}px;
  line-height: 1.15; line-height: ${cell_h}px; letter-spacing: ${letter_spacing}px;
  font-variant-ligatures: none; font-kerning: none; white-space: pre; overflow: hidden;
}
</style>
EOF
}

# shot NAME WIDTH HEIGHT KEYS...: run gantry in a WIDTHxHEIGHT terminal, send KEYS once it is
# ready, and write NAME.png.
shot() {
    local name="$1" width="$2" height="$3"
    shift 3
    if [ "${#only[@]}" -gt 0 ]; then
        local want=0 o
        for o in "${only[@]}"; do [ "$o" = "$name" ] && want=1; done
        [ "$want" = 1 ] || return 0
    fi
    log "$name (${width}x${height})"

    local state="$work/state-$name"
    mkdir -p "$state"
    tm new-session -d -s shot -x "$width" -y "$height" \
        env GANTRY_CONFIG_DIR="$state" GANTRY_STATE_DIR="$state" \
        LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color COLORTERM=truecolor \
        "$bin" "${gantry_args[@]}" \; \
        set-option -t shot remain-on-exit on
    wait_text "$ready_text"

    local key
    for key in "$@"; do
        case "$key" in
            wait:*) wait_text "${key#wait:}" ;;
            sleep:*) sleep "${key#sleep:}" ;;
            *) tm send-keys -t shot:0 "$key" ;;
        esac
    done
    wait_stable

    local html="$work/$name.html"
    capture -e -N >"$work/$name.ansi"
    tm kill-session -t shot >/dev/null 2>&1 || true

    # `-N` keeps trailing spaces so that lines with a background colour run to the edge.
    aha --black --title "gantry: $name" <"$work/$name.ansi" >"$html.tmp"
    css >"$work/style.css"
    awk -v cssfile="$work/style.css" '
        /<\/head>/ && !done { while ((getline l < cssfile) > 0) print l; done = 1 }
        { print }' "$html.tmp" >"$html"

    local win_w=$((width * cell_w + 2 * pad_px)) win_h=$((height * cell_h + 2 * pad_px))

    local profile="$work/chromium-$name"
    mkdir -p "$profile"
    "$chromium_bin" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="$win_w,$win_h" --screenshot="$out_dir/$name.png" "file://$html" \
        >"$work/chromium-$name.log" 2>&1 ||
        die "chromium failed:$(printf '\n')$(tail -20 "$work/chromium-$name.log")"
    [ -s "$out_dir/$name.png" ] || die "chromium wrote no $out_dir/$name.png"
    if [ "${GANTRY_SHOT_KEEP_HTML:-0}" = 1 ]; then cp "$html" "$out_dir/$name.html"; fi
    log "  -> $out_dir/$name.png (${win_w}x${win_h} px, $(wc -c <"$out_dir/$name.png") bytes)"
}

only=("$@")
mkdir -p "$out_dir"

# --- the shots ---------------------------------------------------------------------------------
shot overview-120x40 120 40 'wait:✓ Code Quality'
shot overview-80x24 80 24 'wait:✓ Security'
shot help-120x40 120 40 '?' 'wait:Help: keys'
shot overview-200x50 200 50 'wait:✓ Code Quality'
