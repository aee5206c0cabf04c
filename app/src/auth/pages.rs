use leptos::prelude::*;
use leptos_meta::Title;

use super::api::SignIn;
use crate::layout::CENTRE_NAME;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = move || action.value().get().and_then(Result::err);
    view! {
        <Title text="Log ind"/>
        <main class="signin" id="indhold">
            <div class="signin-card">
                <div class="signin-brand">
                    <span class="brand-mark brand-mark-large" aria-hidden="true"></span>
                    <p class="signin-centre">{CENTRE_NAME}</p>
                </div>
                <h1>"Log ind"</h1>
                <p class="lead">"For forældre, samværskonsulenter og rådgivere."</p>
                {move || error().map(|e| view! { <div class="notice notice-error" role="alert" id="signin-error">{e.to_string()}</div> })}
                <ActionForm action=action attr:class="form">
                    <div class="field">
                        <label for="email">"E-mail"</label>
                        <input id="email" name="email" type="email" autocomplete="username" inputmode="email" required/>
                    </div>
                    <div class="field">
                        <label for="password">"Adgangskode"</label>
                        <input id="password" name="password" type="password" autocomplete="current-password" required/>
                    </div>
                    <button type="submit" class="btn btn-primary btn-block">"Log ind"</button>
                </ActionForm>
                <p class="help">"Har du glemt din adgangskode? Ring til samværscentret på 72 10 40 00 på hverdage kl. 8–15."</p>
            </div>
        </main>
    }
}
