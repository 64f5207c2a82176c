#!/usr/bin/env bash
# Installs what Marginalia's build and tests need, skipping whatever is already present at the
# right version. Sourced by scripts/serve.sh and scripts/test.sh; safe to run again and again.
#
#   setup_build    wasm32 target, the pinned nightly for the release build, trunk,
#                  wasm-bindgen-cli (= Cargo.lock), npm tools, crates
#   setup_browser  Chromium + ChromeDriver (Debian packages), for the tests
#   setup_python   a venv in target/py with nltk, krippendorff and numpy (PyPI, pinned): the
#                  independent implementations the agreement tests check against
#
# Works offline except for the package registries (crates.io, npm, PyPI, Debian apt) and rustup's
# target download. Nothing here downloads a prebuilt binary from anywhere else.

TRUNK_VERSION=0.21.14 # newest trunk that builds on rustc 1.95 (0.22 needs rustc >= 1.96.1)

# The shipped (release) wasm is built by this pinned nightly, which rebuilds the standard
# library for size: panics abort at once, without formatting a message (docs/toolchain.md:
# 23 KB gzip less). Everything else (tests, clippy, the browser tests) uses stable Rust.
NIGHTLY=nightly-2026-05-20
# The environment of every release build: `env "${RELEASE_ENV[@]}" trunk build --release`.
RELEASE_ENV=(
  RUSTUP_TOOLCHAIN="$NIGHTLY"
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
# trunk finds wasm-bindgen and wasm-opt on PATH (Trunk.toml: offline = true).
export PATH="$CARGO_HOME/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() {
  printf 'setup: %s\n' "$*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

apt_install() {
  command -v apt-get >/dev/null || die "no apt-get: install $* yourself (see README, 'Other systems')"
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root apt-get update -q
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

setup_rust_target() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
}

# Without the nightly (it could not be downloaded), the release build falls back to stable
# Rust: the same app, 23.5 KB gzip larger. Said loudly, never silently.
nightly_unavailable() {
  printf '\n\033[1mWARNING: %s; the release build uses stable Rust instead (the same app, 23.5 KB gzip larger).\033[0m\n' "$*" >&2
  RELEASE_ENV=()
}

setup_nightly() {
  if ! rustup run "$NIGHTLY" rustc --print sysroot >/dev/null 2>&1 ||
    ! rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src' ||
    ! rustup target list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "rustup toolchain install $NIGHTLY (for the release build; about 1 minute)"
    rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src \
      --target wasm32-unknown-unknown --no-self-update ||
      nightly_unavailable "rustup could not install $NIGHTLY"
  fi
}

setup_trunk() {
  if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
    say "cargo install trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

# The wasm-bindgen version in Cargo.lock; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

setup_wasm_bindgen() {
  local version
  version=$(wasm_bindgen_version)
  [ -n "$version" ] || die "no wasm-bindgen in Cargo.lock"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version" ||
    ! wasm-bindgen-test-runner --version 2>/dev/null | grep -q "$version"; then
    say "cargo install wasm-bindgen-cli $version (about 2 minutes)"
    # Its own lockfile can pin a crate the registry no longer serves: fall back to unlocked.
    cargo install --locked wasm-bindgen-cli --version "$version" ||
      cargo install wasm-bindgen-cli --version "$version"
  fi
}

setup_npm() {
  command -v npm >/dev/null || die "npm not found: install Node.js 18 or newer"
  # npm ci when node_modules is missing, lacks a tool (an older checkout's node_modules), or is
  # older than the lockfile.
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] ||
    [ ! -d "$ROOT/node_modules/playwright-core" ] ||
    [ ! -x "$ROOT/node_modules/.bin/pouchdb-server" ] ||
    [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "npm ci (binaryen's wasm-opt, playwright-core, pouchdb-server for the sync tests)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

setup_crates() {
  # Trunk runs cargo --offline, so fetch the crates first (a no-op when they are present).
  (cd "$ROOT" && cargo fetch --locked -q)
  # The nightly release build compiles the standard library too: fetch its crates as well.
  if [ "${#RELEASE_ENV[@]}" -gt 0 ]; then
    local sysroot
    sysroot=$(rustup run "$NIGHTLY" rustc --print sysroot)
    cargo "+$NIGHTLY" fetch -q --manifest-path "$sysroot/lib/rustlib/src/rust/library/Cargo.toml" ||
      nightly_unavailable "the standard library's crates could not be fetched"
  fi
}

setup_build() {
  setup_rust_target
  setup_nightly
  setup_trunk
  setup_wasm_bindgen
  setup_npm
  setup_crates
}

setup_browser() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "apt-get install chromium chromium-driver"
    apt_install chromium chromium-driver
  fi
  export CHROMIUM=${CHROMIUM:-$(command -v chromium)}
  export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
}

# tests/agreement_oracle.rs runs tests/oracle/agreement.py with this venv's Python.
PYTHON_VENV="$ROOT/target/py"
PYTHON_PACKAGES=(nltk==3.10.4 krippendorff==0.9.0 numpy==2.4.6)

setup_python() {
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    say "apt-get install python3 python3-venv"
    apt_install python3 python3-venv
  fi
  # (Again, with --clear, when its Python no longer runs: say, after an upgrade.)
  if ! "$PYTHON_VENV/bin/python" -c '' 2>/dev/null; then
    say "python3 -m venv target/py"
    python3 -m venv --clear "$PYTHON_VENV"
  fi
  # pip install when any pinned package is missing or at another version.
  local installed package
  installed=$("$PYTHON_VENV/bin/python" -m pip freeze --disable-pip-version-check 2>/dev/null || true)
  for package in "${PYTHON_PACKAGES[@]}"; do
    if ! grep -qix "$package" <<<"$installed"; then
      say "pip install ${PYTHON_PACKAGES[*]} (into target/py)"
      "$PYTHON_VENV/bin/python" -m pip install -q --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
      break
    fi
  done
}
