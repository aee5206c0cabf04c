//! The page's stylesheet and island scripts under their hashed names (`samvaer.<hash>.css`).
//!
//! leptos_meta's `HashedStylesheet` and leptos's `HydrationScripts` read cargo-leptos's hash file
//! from disk on every page they render: two file reads and half a dozen more system calls per
//! request, a sixth of the anonymous sign-in page's throughput. The names are fixed for the life
//! of the process (the binary and its site are built together), so they are read here once. The
//! tags are the framework's own: the island loader is leptos 0.8's `island_script.js` (MIT), and a
//! test holds this output equal to what `HydrationScripts` renders.

use std::sync::OnceLock;

use leptos::prelude::*;

/// The file names (without extension) of the stylesheet, the JS glue and the wasm.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Names {
    css: String,
    js: String,
    wasm: String,
}

/// The names as cargo-leptos wrote them: `<output>.<hash>` with hashing on (`hash-files`), read
/// from the hash file beside the binary, as the framework reads it.
fn read_names(options: &LeptosOptions) -> Names {
    let base = options.output_name.to_string();
    let mut names = Names { css: base.clone(), js: base.clone(), wasm: base.clone() };
    if options.hash_files {
        let file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok());
        let Some(hashes) = file else {
            #[cfg(feature = "ssr")]
            tracing::error!("file hashing is on but the hash file was not found beside the binary");
            return names;
        };
        for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
            let hashed = format!("{base}.{}", hash.trim());
            match file {
                "css" => names.css = hashed,
                "js" => names.js = hashed,
                "wasm" => names.wasm = hashed,
                _ => {}
            }
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        names.wasm.push_str("_bg");
    }
    names
}

/// The stylesheet link and the island scripts, for the document's `<head>`.
#[component]
pub fn Assets(options: LeptosOptions) -> impl IntoView {
    static NAMES: OnceLock<Names> = OnceLock::new();
    let names = NAMES.get_or_init(|| read_names(&options));
    let pkg = options.site_pkg_dir.to_string();
    view! {
        <link id="leptos" rel="stylesheet" href=format!("/{pkg}/{}.css", names.css)/>
        {scripts(names, &pkg)}
    }
}

/// What `HydrationScripts` renders with `islands=true` (no root, no islands router, no defer).
fn scripts(names: &Names, pkg: &str) -> impl IntoView + use<> {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let (js, wasm) = (&names.js, &names.wasm);
    let loader = format!("{}({:?}, {pkg:?}, {js:?}, {wasm:?}, false);", include_str!("island_script.js"), "");
    view! {
        <link rel="modulepreload" href=format!("/{pkg}/{js}.js") crossorigin=nonce.clone()/>
        <link
            rel="preload"
            href=format!("/{pkg}/{wasm}.wasm")
            r#as="fetch"
            r#type="application/wasm"
            crossorigin=nonce.as_ref().map(|n| n.to_string()).unwrap_or_default()
        />
        <script type="module" nonce=nonce>{loader}</script>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    /// The same tags as the framework's, byte for byte: a leptos update that changes its loader
    /// fails here rather than in a browser.
    #[test]
    fn the_scripts_are_the_frameworks_own() {
        let options = LeptosOptions::builder().output_name("samvaer").hash_files(false).build();
        let owner = Owner::new();
        let (ours, theirs) = owner.with(|| {
            let names = read_names(&options);
            let ours = scripts(&names, &options.site_pkg_dir).to_html();
            let theirs = view! { <HydrationScripts options=options.clone() islands=true/> }.to_html();
            (ours, theirs)
        });
        assert!(ours.contains("leptos-island") && ours.contains("samvaer.js"), "{ours}");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn hashed_names_come_from_the_hash_file_beside_the_binary() {
        let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
        let dir = exe.parent().unwrap_or_else(|| panic!("the test binary has a folder"));
        let file = format!("samvaer-hash-test-{}.txt", std::process::id());
        std::fs::write(dir.join(&file), "js: abc\nwasm: def\ncss: ghi\n").unwrap_or_else(|e| panic!("{e}"));
        let options = LeptosOptions::builder()
            .output_name("samvaer")
            .hash_files(true)
            .hash_file(std::sync::Arc::from(file.as_str()))
            .build();
        let names = read_names(&options);
        let _ = std::fs::remove_file(dir.join(&file));
        assert_eq!(names, Names { css: "samvaer.ghi".into(), js: "samvaer.abc".into(), wasm: "samvaer.def".into() });
    }
}
