//! The booking board page: /booking?dato=2026-11-28&visning=uge|dag|konsulenter. Plain links and a
//! GET form: it works without JavaScript, and a phone gets the day view's columns side by side.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::booking_board;
use super::{Block, Board, BoardView, DayCell, Lane, day_cells};
use crate::layout::{ErrorNotice, Loading, Page};
use crate::visits::Status;

fn link(view: BoardView, date: &str) -> String {
    format!("/booking?visning={}&dato={date}", view.param())
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let query = use_query_map().read_untracked().clone();
    let date = query.get("dato").unwrap_or_default();
    let view = query.get("visning").unwrap_or_default();
    let data = Resource::new(move || (date.clone(), view.clone()), |(d, v)| booking_board(d, v));
    view! {
        <Page title="Booking">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(b) => view! { <BoardBody board=b/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn BoardBody(board: Board) -> impl IntoView {
    let b = board;
    let tabs = [(BoardView::Week, "Uge · steder"), (BoardView::Day, "Dag"), (BoardView::Staff, "Uge · konsulenter")];
    let unit = if b.view == BoardView::Day { "dag" } else { "uge" };
    view! {
        <div class="page-head board-head">
            <h1 class="page-title">"Booking"</h1>
            {b.can_book.then(|| view! { <a class="btn btn-primary" href=format!("/booking/ny?dato={}", b.date)>"Book"</a> })}
        </div>
        <h2 class="board-title">{b.title.clone()}</h2>
        <nav class="tabs" aria-label="Visning">
            {tabs.into_iter().map(|(v, label)| {
                let current = (v == b.view).then_some("page");
                view! { <a class="tab" href=link(v, &b.date) aria-current=current>{label}</a> }
            }).collect_view()}
        </nav>
        <div class="board-nav">
            <a class="btn btn-quiet" href=link(b.view, &b.prev) rel="prev">{format!("‹ Forrige {unit}")}</a>
            <a class="btn btn-quiet" href=link(b.view, &b.today)>"I dag"</a>
            <a class="btn btn-quiet" href=link(b.view, &b.next) rel="next">{format!("Næste {unit} ›")}</a>
            <form class="goto" method="get" action="/booking">
                <input type="hidden" name="visning" value=b.view.param()/>
                <label for="dato">"Gå til dato"</label>
                <input id="dato" name="dato" type="date" value=b.date.clone() required/>
                <button class="btn btn-quiet" type="submit">"Vis"</button>
            </form>
        </div>
        {if b.view == BoardView::Day { view! { <DayGrid board=b/> }.into_any() } else { view! { <WeekGrid board=b/> }.into_any() }}
        <p class="muted small legend">
            <span class="chip visit">"Samvær"</span>" "<span class="chip meeting">"Møde"</span>" "
            <span class="chip guidance">"Vejledning"</span>" "<span class="chip busy">"Optaget"</span>" "
            <span class="chip unstaffed">"Ingen konsulent"</span>
            " Koder og initialer, aldrig navne."
        </p>
    }
}

/// Monday–Sunday: a row per lane (place or consultant), a column per day.
#[component]
fn WeekGrid(board: Board) -> impl IntoView {
    let lane_title = if board.view == BoardView::Staff { "Konsulent" } else { "Sted" };
    let day_links: Vec<(String, String, bool, bool)> =
        board.columns.iter().map(|c| (c.label.clone(), link(BoardView::Day, &c.date), c.weekend, c.today)).collect();
    view! {
        <div class="board-frame" tabindex="0" role="region" aria-label="Ugens bookinger">
            <table class="board week-board">
                <thead>
                    <tr>
                        <th scope="col" class="lane-head">{lane_title}</th>
                        {day_links.into_iter().map(|(label, href, weekend, today)| view! {
                            <th scope="col" class:weekend=weekend class:today=today><a href=href>{label}</a></th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {board.lanes.into_iter().map(|lane| {
                        let weekends: Vec<bool> = board.columns.iter().map(|c| c.weekend).collect();
                        view! { <WeekLane lane=lane weekends=weekends/> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn WeekLane(lane: Lane, weekends: Vec<bool>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row" class="lane-head">{lane.name}<span class="lane-note">{lane.note}</span></th>
            {lane.cells.into_iter().zip(weekends).map(|(cell, weekend)| view! {
                <td class:weekend=weekend>
                    {cell.into_iter().map(|b| view! { <BlockView block=b/> }).collect_view()}
                </td>
            }).collect_view()}
        </tr>
    }
}

/// One day: the lanes side by side over the hours, a row per quarter hour; a block spans its
/// quarters (rowspan, so no inline styles under the CSP). On a phone the frame scrolls sideways.
#[component]
fn DayGrid(board: Board) -> impl IntoView {
    let total = (board.last_hour - board.first_hour) * 4;
    let lanes: Vec<Vec<DayCell>> =
        board.lanes.iter().map(|l| day_cells(l.cells.first().cloned().unwrap_or_default())).collect();
    let rows = (0..total)
        .map(|q| {
            let hour = (q % 4 == 0).then(|| {
                view! { <th scope="row" rowspan="4" class="hour">{format!("{:02}.00", board.first_hour + q / 4)}</th> }
            });
            let cells = lanes
                .iter()
                .map(|cells| {
                    if let Some(c) = cells.iter().find(|c| c.quarter == q) {
                        let blocks = c.blocks.clone();
                        view! { <td rowspan=c.quarters.to_string() class="booked">{blocks.into_iter().map(|b| view! { <BlockView block=b/> }).collect_view()}</td> }.into_any()
                    } else if cells.iter().any(|c| c.quarter < q && q < c.quarter + c.quarters) {
                        ().into_any()
                    } else {
                        view! { <td class:hour-line=q % 4 == 0></td> }.into_any()
                    }
                })
                .collect_view();
            view! { <tr>{hour}{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="board-frame" tabindex="0" role="region" aria-label="Dagens bookinger">
            <table class="board day-board">
                <thead>
                    <tr>
                        <th scope="col" class="hour">"Tid"</th>
                        {board.lanes.iter().map(|l| view! { <th scope="col">{l.name.clone()}<span class="lane-note">{l.note.clone()}</span></th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn BlockView(block: Block) -> impl IntoView {
    let b = block;
    let class = format!(
        "block {}{}{}",
        b.kind,
        if b.unstaffed && b.id.is_some() { " unstaffed" } else { "" },
        if b.status == Status::Planned { "" } else { " done" }
    );
    let body = view! {
        <span class="block-time">{b.span.clone()}</span>
        <span class="block-label">{b.label.clone()}</span>
        {(!b.family.is_empty()).then(|| view! { <span class="block-family">{b.family.clone()}</span> })}
        {(!b.staff.is_empty()).then(|| view! { <span class="block-staff">{b.staff.clone()}</span> })}
    };
    match b.id {
        None => view! { <div class=class>{body}</div> }.into_any(),
        Some(id) => view! { <a class=class href=format!("/booking/aftale/{id}")>{body}</a> }.into_any(),
    }
}
