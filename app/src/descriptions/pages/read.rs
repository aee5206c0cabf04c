//! A description read: its facts, its fields (quotes marked as quotes), the parents' comment,
//! what the caller may do next, and its versions.

use leptos::prelude::*;

use crate::descriptions::api::{CommentDescription, CorrectDescription, SendDescription};
use crate::descriptions::{Description, FIELDS, State, quotes};
use crate::i18n::use_lang;
use crate::layout::forms::{bad_field, described, invalid, refusal};

#[component]
pub fn Facts(d: Description) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="card">
            <dl class="appt-facts">
                <dt>{lang.t("Samvær", "Visit")}</dt>
                <dd>{match d.visit_href.clone() {
                    Some(href) => view! { <a href=href>{d.kind.clone()}</a> }.into_any(),
                    None => d.kind.clone().into_any(),
                }}</dd>
                <dt>{lang.t("Hvornår", "When")}</dt><dd>{d.when.clone()}</dd>
                <dt>{lang.t("Sted", "Place")}</dt><dd>{d.place.clone()}</dd>
                <dt>{lang.t("Familie", "Family")}</dt><dd><span class="code">{d.family_code.clone()}</span>" "{d.children.clone()}</dd>
                <dt>{lang.t("Skrevet af", "Written by")}</dt><dd>{d.staff.clone()}</dd>
                {(!d.for_parent).then(|| view! { <dt>"Frist"</dt><dd>{d.due.clone()}</dd> })}
                {d.incident.clone().map(|i| view! { <dt>{lang.t("Stoppet", "Stopped")}</dt><dd>{i}</dd> })}
                {d.sent.clone().map(|s| view! { <dt>{lang.t("Sendt", "Sent")}</dt><dd>{s}</dd> })}
                {(!d.reason.is_empty()).then(|| view! { <dt>"Rettet, fordi"</dt><dd>{d.reason.clone()}</dd> })}
            </dl>
        </section>
    }
}

/// A text with its quotes marked as quotes.
pub fn quoted(text: &str) -> impl IntoView + use<> {
    text.split("\n\n")
        .map(|paragraph| {
            let parts = quotes(paragraph)
                .into_iter()
                .map(|(quote, part)| {
                    if quote {
                        view! { <q class="quote">{part.trim_matches(['„', '“', '"', '”']).to_string()}</q> }.into_any()
                    } else {
                        view! { <span>{part}</span> }.into_any()
                    }
                })
                .collect_view();
            view! { <p class="prewrap">{parts}</p> }
        })
        .collect_view()
}

#[component]
pub fn Sections(d: Description) -> impl IntoView {
    let lang = use_lang();
    let written: Vec<_> = d
        .sections
        .iter()
        .filter(|s| !s.body.trim().is_empty())
        .filter_map(|s| FIELDS.iter().find(|f| f.key == s.key).map(|f| (f, s.body.clone())))
        .collect();
    view! {
        <article class="card description-text" aria-label=lang.t("Beskrivelsen", "The description")>
            {written.is_empty().then(|| view! { <p class="muted">{lang.t("Der er ikke skrevet noget endnu.", "Nothing has been written yet.")}</p> })}
            {written.into_iter().map(|(f, body)| view! {
                <section class="description-field">
                    <h2 class="field-title">{lang.t(f.label, f.label_en)}</h2>
                    {quoted(&body)}
                </section>
            }).collect_view()}
        </article>
    }
}

/// The parents' comment: their form while the description is theirs to read, else what they wrote.
#[component]
pub fn Comment(d: Description) -> impl IntoView {
    let lang = use_lang();
    let action = ServerAction::<CommentDescription>::new();
    let error = move || action.value().get().and_then(Result::err);
    let shown = d.can_comment || !d.comments.is_empty() || (d.for_parent && d.state == State::Review);
    let until = d.review_until.clone().unwrap_or_default();
    let title = match (d.for_parent, d.comments.len()) {
        (true, _) => lang.t("Din kommentar", "Your comment"),
        (false, 1) => "Forældrenes kommentar",
        _ => "Forældrenes kommentarer",
    };
    // A parent's form holds their own comment (a parent only ever gets their own).
    let own = if d.for_parent { d.comments.first().map(|c| c.text.clone()).unwrap_or_default() } else { String::new() };
    shown.then(|| view! {
        <section class="card" aria-labelledby="comment-title">
            <h2 id="comment-title">{title}</h2>
            {d.comments.iter().map(|c| view! {
                <div class="parent-comment">
                    <p class="small muted">{if c.who.is_empty() { c.at.clone() } else { format!("{} · {}", c.who, c.at) }}</p>
                    <p class="prewrap">{c.text.clone()}</p>
                </div>
            }).collect_view()}
            {d.can_comment.then(|| view! {
                <p>{match lang {
                    crate::i18n::Lang::Da => format!("Læs beskrivelsen. Er der noget, du er uenig i, eller som mangler, kan du skrive det her til og med {until}. Din kommentar bliver sendt med til rådgiveren."),
                    crate::i18n::Lang::En => format!("Read the description. If you disagree with something, or something is missing, you can write it here until {until}. Your comment goes to the caseworker with it."),
                }}</p>
                {move || refusal(error())}
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="id" value=d.id.0/>
                    <div class="field">
                        <label for="comment">{lang.t("Kommentar", "Comment")}</label>
                        <textarea id="comment" name="comment" rows="5" maxlength="4000"
                            aria-invalid=move || invalid(&bad_field(&error()), "comment")
                            aria-describedby=move || described(&bad_field(&error()), "comment")>{own}</textarea>
                    </div>
                    <button type="submit" class="btn btn-primary">{lang.t("Gem kommentar", "Save comment")}</button>
                </ActionForm>
            })}
        </section>
    })
}

/// What staff may do next: send it on, correct a sent one.
#[component]
pub fn Actions(d: Description) -> impl IntoView {
    let send = ServerAction::<SendDescription>::new();
    let correct = ServerAction::<CorrectDescription>::new();
    let send_error = move || send.value().get().and_then(Result::err);
    let correct_error = move || correct.value().get().and_then(Result::err);
    let waiting = d.state == State::Review && !d.can_send && !d.for_parent;
    view! {
        {waiting.then(|| view! {
            <p class="card muted">{format!(
                "Forældrene kan læse og kommentere beskrivelsen til og med {}. Den kan sendes til rådgiveren, når de alle har kommenteret, eller fristen er gået.",
                d.review_until.clone().unwrap_or_default()
            )}</p>
        })}
        {(d.can_send && d.state == State::Review).then(|| view! {
            <section class="card">
                <h2>"Send til rådgiver"</h2>
                {move || refusal(send_error())}
                <ActionForm action=send attr:class="form">
                    <input type="hidden" name="id" value=d.id.0/>
                    <button type="submit" class="btn btn-primary">"Send til rådgiver"</button>
                </ActionForm>
            </section>
        })}
        {d.can_correct.then(|| view! {
            <section class="card" aria-labelledby="correct-title">
                <h2 id="correct-title">"Ret beskrivelsen"</h2>
                <p class="small muted">"Den sendte udgave bliver stående. Rettelsen bliver en ny udgave, som sendes på samme måde."</p>
                {move || refusal(correct_error())}
                <ActionForm action=correct attr:class="form">
                    <input type="hidden" name="id" value=d.id.0/>
                    <div class="field">
                        <label for="reason">"Hvorfor rettes den?"</label>
                        <input id="reason" name="reason" maxlength="1000" required
                            aria-invalid=move || invalid(&bad_field(&correct_error()), "reason")
                            aria-describedby=move || described(&bad_field(&correct_error()), "reason")/>
                    </div>
                    <button type="submit" class="btn btn-quiet">"Start en rettet udgave"</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
pub fn Versions(d: Description) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="versions-title">
            <h2 id="versions-title">"Udgaver"</h2>
            <ol class="plain-list">
                {d.versions.iter().map(|(id, v, label)| {
                    let current = (*id == d.id).then_some("page");
                    view! { <li><a href=format!("/beskrivelser/{}", id.0) aria-current=current>{format!("{v}. udgave")}</a>{format!(" · {label}")}</li> }
                }).collect_view()}
            </ol>
        </section>
    }
}
