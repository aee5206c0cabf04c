//! The description's form: each field with its guidance under its label, the revision and
//! fingerprint it was shown with, and the autosave island. "Gem kladde" and "Send" post the whole
//! form (the send saves first).

use leptos::prelude::*;

use crate::descriptions::api::SaveDescription;
use crate::descriptions::draft::DraftKeeper;
use crate::descriptions::{Description, FIELDS, fingerprint};
use crate::layout::forms::{bad_field, described, invalid, refusal};

#[component]
pub fn WriteForm(d: Description) -> impl IntoView {
    let action = ServerAction::<SaveDescription>::new();
    let error = move || action.value().get().and_then(Result::err);
    let send_label = if d.parents_review { "Send til forældrene" } else { "Send til rådgiver" };
    let fields: Vec<_> =
        d.sections.iter().filter_map(|s| FIELDS.iter().find(|f| f.key == s.key).map(|f| (f, s.clone()))).collect();
    let intro = if d.short {
        "En kort beskrivelse: samværet blev ikke holdt som planlagt. Skriv hvad der skete, og hvordan barnet havde det."
    } else {
        "Skriv konkret og i rækkefølge. Hold det, du så, adskilt fra din vurdering, og giv barnets perspektiv sin egen plads."
    };
    view! {
        <section class="card" aria-labelledby="write-title">
            <h2 id="write-title">"Skriv beskrivelsen"</h2>
            <p class="small muted">{intro}</p>
            <p class="small muted">{format!("Frist: {}. Teksten gemmes af sig selv, mens du skriver.", d.due)}</p>
            {move || refusal(error())}
            <ActionForm action=action attr:class="form description-form">
                <input type="hidden" name="id" value=d.id.0/>
                {fields.into_iter().map(|(f, s)| {
                    let input_id = format!("f-{}", f.key);
                    let guide_id = format!("g-{}", f.key);
                    let name = format!("text[{}]", f.key);
                    let key = f.key;
                    let described_by = move || match described(&bad_field(&error()), key) {
                        Some(err) => format!("{guide_id} {err}"),
                        None => guide_id.clone(),
                    };
                    let guide_id2 = format!("g-{}", f.key);
                    let field = if f.multiline {
                        view! {
                            <textarea id=input_id.clone() name=name rows="5" maxlength="12000"
                                aria-invalid=move || invalid(&bad_field(&error()), key)
                                aria-describedby=described_by>{s.body.clone()}</textarea>
                        }.into_any()
                    } else {
                        view! {
                            <input id=input_id.clone() name=name value=s.body.clone() maxlength="40" class="input-short"
                                aria-invalid=move || invalid(&bad_field(&error()), key)
                                aria-describedby=described_by/>
                        }.into_any()
                    };
                    view! {
                        <div class=if f.multiline { "field" } else { "field field-short" }>
                            <label for=input_id>{f.label}</label>
                            <p id=guide_id2 class="field-guide small muted">{f.guide}</p>
                            {field}
                            <input type="hidden" name=format!("rev[{}]", f.key) value=s.rev/>
                            <input type="hidden" name=format!("seen[{}]", f.key) value=fingerprint(&s.body)/>
                        </div>
                    }
                }).collect_view()}
                <DraftKeeper id=d.id.0/>
                <div class="inline-buttons">
                    <button type="submit" name="then" value="" class="btn btn-quiet">"Gem kladde"</button>
                    <button type="submit" name="then" value="send" class="btn btn-primary">{send_label}</button>
                </div>
            </ActionForm>
        </section>
    }
}
