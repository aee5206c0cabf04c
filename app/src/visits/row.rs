//! One appointment as a row of a staff list, the same on the overview, the shifts and the
//! unstaffed list (UX.md, "Staff at a glance"): what asks for action first ("Mangler konsulent"),
//! then the time span, the type, the family code with the children's initials (never their
//! names), the place, who is on it, the parents' notices and the status. The whole row is one tap
//! to the appointment; a form of its own (staffing) sits beside it, outside the link.

use leptos::prelude::*;

use super::{Status, VisitSummary};

#[component]
pub fn StaffRow(
    visit: VisitSummary,
    /// Lists over several days say the day before the span.
    #[prop(optional)]
    with_day: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let cancelled = matches!(visit.status, Status::Cancelled | Status::NoShow);
    let marked = visit.status != Status::Planned;
    let status = marked.then(|| {
        let text =
            if visit.status_note.is_empty() { visit.status.label().to_string() } else { visit.status_note.clone() };
        view! { <span class=format!("badge {}", visit.status.css())>{text}</span> }
    });
    let family = super::family_label(&visit.family_code, &visit.initials);
    let missing = visit.unstaffed && !cancelled;
    let who = (!visit.unstaffed).then(|| format!(" · {}", visit.staff));
    view! {
        <li class="slot" class:is-cancelled=cancelled class:is-unstaffed=visit.unstaffed>
            <a class="slot-link" href=format!("/booking/aftale/{}", visit.id.0)>
                <span class="slot-time">{with_day.then(|| view! { <span class="d-block">{visit.day.clone()}</span> })}{visit.span.clone()}</span>
                <span class="slot-main">
                    {missing.then(|| view! { <span class="badge badge-warn">"Mangler konsulent"</span> })}
                    <span class="slot-title">{visit.title.clone()}</span>
                    <span class="slot-meta"><span class="code">{family}</span></span>
                    <span class="slot-meta">{visit.place.clone()}{who}</span>
                    {visit.notices.iter().map(|n| view! { <span class="slot-notice">{n.clone()}</span> }).collect_view()}
                </span>
                {status}
            </a>
            {children.map(|c| c())}
        </li>
    }
}
