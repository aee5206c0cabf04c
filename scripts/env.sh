# Sourced by run.sh and test.sh: puts the npm-installed wasm-opt on PATH so cargo-leptos finds it
# instead of downloading one.
export PATH="$(pwd)/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
