//! The language switch: a plain form, so it works before and without JavaScript.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Lang, use_lang};

/// Remembers the language on this device (a year-long cookie) and returns to `back`.
#[server(prefix = "/api", endpoint = "i18n/set_language")]
pub async fn set_language(lang: String, back: String) -> Result<(), AppError> {
    use axum::http::{HeaderValue, header::SET_COOKIE};
    crate::context::respond(async move {
        let lang = Lang::parse(&lang).ok_or_else(|| AppError::invalid("lang", "Ukendt sprog / unknown language."))?;
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", crate::i18n::COOKIE, lang.code());
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.append_header(SET_COOKIE, v);
            }
        }
        crate::context::redirect_form_post(crate::i18n::safe_return_path(&back));
        Ok(())
    })
    .await
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<SetLanguage>::new();
    let (path, search) = super::request_path();
    let back = if search.is_empty() { path } else { format!("{path}?{search}") };
    let (other, label) = match lang {
        Lang::Da => ("en", "Read in English"),
        Lang::En => ("da", "Læs på dansk"),
    };
    view! {
        <ActionForm action=action attr:class="lang-switch">
            <input type="hidden" name="lang" value=other/>
            <input type="hidden" name="back" value=back/>
            <button type="submit" class="btn btn-quiet" lang=other>{label}</button>
        </ActionForm>
    }
}
