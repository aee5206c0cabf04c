//! How a refused form shows, the same on every page: the message next to the form, focused when
//! the page loads (a plain form post comes back with it in the address), and the field it is
//! about marked `aria-invalid` and described by it.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::Lang;

/// A refused form's message, with `id="form-error"` for the field's `aria-describedby`.
pub fn refusal(error: Option<AppError>) -> impl IntoView {
    refusal_in(error, Lang::Da)
}

/// `refusal` in the reader's language (the parents' pages).
pub fn refusal_in(error: Option<AppError>, lang: Lang) -> impl IntoView {
    error.map(|e| {
        view! {
            <div id="form-error" class="notice notice-error" role="alert" tabindex="-1" autofocus>
                {e.message(lang)}
            </div>
        }
    })
}

/// The field a refusal is about.
pub fn bad_field(error: &Option<AppError>) -> Option<String> {
    error.as_ref().and_then(AppError::field).map(String::from)
}

/// `aria-invalid` for a field when the refusal is about it.
pub fn invalid(bad: &Option<String>, field: &str) -> Option<&'static str> {
    (bad.as_deref() == Some(field)).then_some("true")
}

/// `aria-describedby` pointing at the refusal when it is about the field.
pub fn described(bad: &Option<String>, field: &str) -> Option<&'static str> {
    invalid(bad, field).map(|_| "form-error")
}

/// A `<select>`'s options with the current value selected.
pub fn choices(list: Vec<(String, String)>, current: &str) -> impl IntoView + use<> {
    let current = current.to_string();
    list.into_iter()
        .map(|(value, label)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}
