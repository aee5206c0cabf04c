# Sourced by run.sh and test.sh: puts the npm-installed wasm-opt on PATH so cargo-leptos finds it
# instead of downloading one, and says plainly when a port the script needs is taken.
export PATH="$(pwd)/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# need_port PORT WHAT: stops the script with a clear message when something already listens on
# 127.0.0.1:PORT (instead of a server or mail sink that dies in the background).
need_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "Port $1 ($2) is already in use on 127.0.0.1. Stop what listens there first (another run of this script?)." >&2
    exit 1
  fi
}
