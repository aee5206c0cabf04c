use leptos::prelude::*;

use super::api::{CreateUser, DeactivateUser, children_without_account, list_users, persons_without_account};
use crate::auth::Role;
use crate::layout::{ErrorNotice, Loading, Page};
use crate::setup::api::list_centres;

#[component]
pub fn UsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let deactivate = ServerAction::<DeactivateUser>::new();
    let users = Resource::new(move || (create.version().get(), deactivate.version().get()), |_| list_users());
    // The installation's administrator picks the centre a new staff member or administrator
    // works at, or none for another administrator of the whole installation: never decided by
    // how many centres there are.
    let centres = Resource::new(|| (), |_| list_centres());
    let persons = Resource::new(move || create.version().get(), |_| persons_without_account());
    let young = Resource::new(move || create.version().get(), |_| children_without_account());
    // A plain form post comes back to the page with what was done in the address.
    let done = match leptos_router::hooks::use_query_map().read_untracked().get("gemt").as_deref() {
        Some("oprettet") => Some("Brugeren er oprettet."),
        Some("lukket") => Some("Kontoen er lukket. Alt, den kunne åbne, er lukket."),
        _ => None,
    };
    let closed = move || {
        deactivate
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <div class="notice notice-error" role="alert">{e.to_string()}</div> })
    };
    let message = move || match create.value().get() {
        Some(Err(e)) => Some(view! { <div class="notice notice-error" role="alert">{e.to_string()}</div> }.into_any()),
        _ => done.map(|t| view! { <div class="notice notice-ok" role="status">{t}</div> }.into_any()),
    };
    view! {
        <Page title="Brugere">
            <h1 class="page-title">"Brugere"</h1>
            <section class="card">
                <h2>"Opret bruger"</h2>
                {message}
                <ActionForm action=create attr:class="form form-grid">
                    <div class="field"><label for="full_name">"Navn"</label><input id="full_name" name="full_name" required/></div>
                    <div class="field"><label for="new_email">"E-mail"</label><input id="new_email" name="email" type="email" required/></div>
                    <div class="field">
                        <label for="role">"Rolle"</label>
                        <select id="role" name="role">
                            {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="employment">"Ansættelse (konsulenter)"</label>
                        <select id="employment" name="employment">
                            <option value="permanent">"Fast"</option>
                            <option value="hourly">"Timelønnet"</option>
                        </select>
                    </div>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            centres.await.ok().filter(|v| v.may_create && !v.centres.is_empty()).map(|v| view! {
                                <div class="field">
                                    <label for="centre_id">"Samværscenter (medarbejdere og administratorer)"</label>
                                    <select id="centre_id" name="centre_id">
                                        {v.centres.into_iter().map(|c| view! { <option value=c.id.0>{c.name}</option> }).collect_view()}
                                        <option value="">"Intet: administrator for hele installationen"</option>
                                    </select>
                                </div>
                            })
                        })}
                    </Suspense>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            persons.await.ok().map(|list| view! {
                                <div class="field">
                                    <label for="person_id">"Forælder i familien (kun forældre)"</label>
                                    <select id="person_id" name="person_id">
                                        <option value="">"Ingen"</option>
                                        {list.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                                    </select>
                                </div>
                            })
                        })}
                    </Suspense>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            young.await.ok().map(|list| view! {
                                <div class="field">
                                    <label for="child_id">"Den unge selv (kun unge fra 15 år)"</label>
                                    <select id="child_id" name="child_id">
                                        <option value="">"Ingen"</option>
                                        {list.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
                                    </select>
                                </div>
                            })
                        })}
                    </Suspense>
                    <div class="field"><label for="new_phone">"Mobil (forældre: koden til login-links sendes hertil)"</label><input id="new_phone" name="phone" type="tel" autocomplete="off"/></div>
                    <div class="field"><label for="new_password">"Adgangskode (mindst 10 tegn)"</label><input id="new_password" name="password" type="password" autocomplete="new-password" required/></div>
                    <button type="submit" class="btn btn-primary">"Opret"</button>
                </ActionForm>
            </section>
            {closed}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match users.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table">
                                    <caption>{format!("{} brugere", list.len())}</caption>
                                    <thead><tr><th scope="col">"Navn"</th><th scope="col">"E-mail"</th><th scope="col">"Rolle"</th><th scope="col">"Status"</th><th scope="col">"Adgang"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|u| view! {
                                            <tr>
                                                <td>{u.full_name.clone()}</td>
                                                <td>{u.email}</td>
                                                <td>{u.role.label()}</td>
                                                <td>{if u.active { "Aktiv" } else { "Deaktiveret" }}</td>
                                                <td>{u.active.then(|| view! {
                                                    <ActionForm action=deactivate attr:class="inline-form">
                                                        <input type="hidden" name="user_id" value=u.id.0/>
                                                        <button type="submit" class="btn btn-quiet" aria-label=format!("Luk kontoen for {}", u.full_name)>"Luk kontoen"</button>
                                                    </ActionForm>
                                                })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
