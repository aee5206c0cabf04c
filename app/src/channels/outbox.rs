//! The reply form's outbox: a message written while offline is kept on the device and sent when
//! the connection is back, or clearly marked as not sent. Without JavaScript the form posts as
//! usual (and an offline post fails visibly in the browser).

use leptos::prelude::*;

/// Pending texts for `channel_id`, kept in localStorage under `samvaer_udbakke_<channel>_<n>`.
#[island]
pub fn Outbox(channel_id: i64) -> impl IntoView {
    let pending = RwSignal::new(Vec::<String>::new());
    let failed = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    client::start(channel_id, pending, failed);
    #[cfg(not(feature = "hydrate"))]
    let _ = channel_id;
    view! {
        <div class="outbox" role="status" aria-live="polite">
            {move || {
                let list = pending.get();
                (!list.is_empty()).then(|| view! {
                    <p class="outbox-title" class:failed=failed.get()>
                        {if failed.get() { "Ikke sendt. Prøv igen senere:" } else { "Ikke sendt endnu – sendes, når du er online igen:" }}
                    </p>
                    <ul class="plain">{list.into_iter().map(|t| view! { <li class="bubble mine outbox-item">{t}</li> }).collect_view()}</ul>
                })
            }}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    const PREFIX: &str = "samvaer_udbakke_";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// (key, text) of the channel's waiting messages, oldest first.
    fn waiting(channel_id: i64) -> Vec<(String, String)> {
        let Some(s) = storage() else { return Vec::new() };
        let prefix = format!("{PREFIX}{channel_id}_");
        let mut out: Vec<(String, String)> = (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(&prefix))
            .filter_map(|k| s.get_item(&k).ok().flatten().map(|v| (k, v)))
            .collect();
        out.sort();
        out
    }

    fn show(channel_id: i64, pending: RwSignal<Vec<String>>) {
        pending.set(waiting(channel_id).into_iter().map(|(_, t)| t).collect());
    }

    async fn send_all(channel_id: i64, pending: RwSignal<Vec<String>>, failed: RwSignal<bool>) {
        let Some(window) = web_sys::window() else { return };
        let mut sent = 0;
        for (key, text) in waiting(channel_id) {
            let Ok(params) = web_sys::UrlSearchParams::new() else { return };
            params.append("channel_id", &channel_id.to_string());
            params.append("text", &text);
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(&JsValue::from(params.to_string()));
            let Ok(headers) = web_sys::Headers::new() else { return };
            let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
            let _ = headers.set("Accept", "application/json");
            init.set_headers(&headers);
            let response =
                wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init("/api/channels/post", &init)).await;
            let ok = response.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()).is_some_and(|r| r.ok());
            if !ok {
                failed.set(true);
                break;
            }
            if let Some(s) = storage() {
                let _ = s.remove_item(&key);
            }
            sent += 1;
        }
        show(channel_id, pending);
        if sent > 0 && pending.get_untracked().is_empty() {
            let _ = window.location().reload();
        }
    }

    pub fn start(channel_id: i64, pending: RwSignal<Vec<String>>, failed: RwSignal<bool>) {
        let Some(window) = web_sys::window() else { return };
        show(channel_id, pending);
        let Some(form) = window.document().and_then(|d| d.query_selector("form.reply").ok().flatten()) else { return };
        let on_submit = move |event: &web_sys::Event| {
            let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
            if online {
                return;
            }
            event.prevent_default();
            let field = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("form.reply textarea").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
            let Some(field) = field else { return };
            let text = field.value();
            if text.trim().is_empty() {
                return;
            }
            if let Some(s) = storage() {
                let stamp = js_now();
                let _ = s.set_item(&format!("{PREFIX}{channel_id}_{stamp:015}"), &text);
            }
            field.set_value("");
            failed.set(false);
            show(channel_id, pending);
        };
        gloo_events::EventListener::new_with_options(
            &form,
            "submit",
            gloo_events::EventListenerOptions::enable_prevent_default(),
            on_submit,
        )
        .forget();
        gloo_events::EventListener::new(&window, "online", move |_| {
            leptos::task::spawn_local(send_all(channel_id, pending, failed));
        })
        .forget();
        if window.navigator().on_line() && !waiting(channel_id).is_empty() {
            leptos::task::spawn_local(send_all(channel_id, pending, failed));
        }
    }

    fn js_now() -> u64 {
        web_sys::window().and_then(|w| w.performance()).map_or(0, |p| (p.time_origin() + p.now()) as u64)
    }
}
