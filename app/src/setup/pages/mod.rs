//! The administrator's pages for setting up: /admin/centre (centres), /admin/steder (a centre's
//! places) and /admin/sted (one place's form). Server-rendered plain forms.

mod centres;
mod place;
mod places;

pub use centres::CentresPage;
pub use place::PlacePage;
pub use places::PlacesPage;

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::Lang;

/// A refused form's message, next to the form: focused when the page loads (the no-JS post comes
/// back with it in the address), and named by the invalid field's `aria-describedby`.
pub(crate) fn refusal(error: Option<AppError>) -> impl IntoView {
    error.map(|e| {
        view! {
            <div id="form-error" class="notice notice-error" role="alert" tabindex="-1" autofocus>
                {e.message(Lang::Da)}
            </div>
        }
    })
}

/// The field a refusal is about.
pub(crate) fn bad_field(error: &Option<AppError>) -> Option<String> {
    error.as_ref().and_then(AppError::field).map(String::from)
}

/// `aria-invalid` for a field when the refusal is about it.
pub(crate) fn invalid(bad: &Option<String>, field: &str) -> Option<&'static str> {
    (bad.as_deref() == Some(field)).then_some("true")
}

/// `aria-describedby` pointing at the refusal when it is about the field.
pub(crate) fn described(bad: &Option<String>, field: &str) -> Option<&'static str> {
    invalid(bad, field).map(|_| "form-error")
}
