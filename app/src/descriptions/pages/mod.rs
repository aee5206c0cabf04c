//! /beskrivelser/:id: one description for whoever may see it: the visit's consultants write it
//! (the form saves itself), send it on, and correct a sent one; the caseworker and the centre's
//! leader read it and download it as PDF; the parents read it and comment while it is theirs.
//! /beskrivelser: "Mine beskrivelser". /tal/beskrivelser: descriptions on time.

mod case;
mod lists;
mod parent;
mod read;
mod stop;
mod write;

pub use case::CaseSection;
pub use lists::{DueTable, FiguresPage, MyDescriptionsPage, OverdueSection};
pub use parent::ParentSection;
pub use stop::{DescriptionLink, StopForm};

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::read_description;
use super::{Description, DescriptionId, State};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};
use crate::layout::{ErrorNotice, Loading, Page};

fn saved_text(lang: Lang, kind: &str) -> Option<&'static str> {
    Some(match kind {
        "kladde" => "Kladden er gemt.",
        "flettet" => {
            "En kollega skrev i de samme felter imens. Begge tekster er gemt i feltet: ret dem sammen, og gem igen."
        }
        "forældre" => "Beskrivelsen er låst og sendt til forældrene, som kan læse og kommentere den.",
        "sendt" => "Beskrivelsen er sendt til rådgiveren og låst. Rådgiveren har fået besked.",
        "ny-udgave" => "En rettet udgave er startet. Den sendte udgave er gemt uændret.",
        "kommentar" => lang.t(
            "Tak. Din kommentar er gemt og bliver sendt med beskrivelsen til rådgiveren.",
            "Thank you. Your comment is saved and goes to the caseworker with the description.",
        ),
        _ => return None,
    })
}

#[component]
pub fn DescriptionPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_params_map().read_untracked().get("id").and_then(|s| s.parse::<i64>().ok());
    let saved = saved_text(lang, &use_query_map().read_untracked().get("gemt").unwrap_or_default());
    let data = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => read_description(DescriptionId(id)).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Page title=lang.t("Samværsbeskrivelse", "Visit description")>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(d) => view! { <Detail d=d saved=saved/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn Detail(d: Description, saved: Option<&'static str>) -> impl IntoView {
    let lang = use_lang();
    let badge = match d.state {
        State::Draft if d.overdue => Some(("badge badge-warn", "Frist overskredet".to_string())),
        State::Draft => None,
        s => Some(("badge", lang.t(s.label(), english(s)).to_string())),
    };
    view! {
        <p class="back"><a href=d.back.0.clone()>{if d.for_parent { lang.t("← Samværet", "← The visit").to_string() } else { d.back.1.clone() }}</a></p>
        <div class="page-head">
            <h1 class="page-title">
                {lang.t("Samværsbeskrivelse", "Visit description")}
                {(d.version > 1).then(|| format!(" ({}. udgave)", d.version))}
            </h1>
            {d.can_export.then(|| view! {
                <a class="btn btn-quiet" href=format!("/beskrivelser/{}/pdf", d.id.0) download="">"Hent som PDF"</a>
            })}
        </div>
        {saved.map(|s| view! { <div class="notice notice-ok" role="status" tabindex="-1" autofocus>{s}</div> })}
        {badge.map(|(class, text)| view! { <p class=class>{text}</p> })}
        <read::Facts d=d.clone()/>
        {if d.can_write {
            view! { <write::WriteForm d=d.clone()/> }.into_any()
        } else {
            view! { <read::Sections d=d.clone()/> }.into_any()
        }}
        <read::Comment d=d.clone()/>
        <read::Actions d=d.clone()/>
        {(d.versions.len() > 1).then(|| view! { <read::Versions d=d.clone()/> })}
    }
}

fn english(state: State) -> &'static str {
    match state {
        State::Draft => "Draft",
        State::Review => "With you to read",
        State::Sent => "Sent to the caseworker",
        State::Superseded => "Replaced by a corrected version",
    }
}
