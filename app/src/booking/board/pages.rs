//! The booking board page: /booking?dato=2026-11-28&visning=uge|dag|konsulenter. Plain links and a
//! GET form: it works without JavaScript, and a phone gets the day view's columns side by side.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::booking_board;
use super::{Block, Board, BoardView, Lane};
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
            <h1 class="page-title">{b.title.clone()}</h1>
            {b.can_book.then(|| view! { <a class="btn btn-primary" href=format!("/booking/ny?dato={}", b.date)>"Book"</a> })}
        </div>
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
                    {cell.into_iter().map(|b| view! { <BlockView block=b positioned=false/> }).collect_view()}
                </td>
            }).collect_view()}
        </tr>
    }
}

/// One day: the lanes side by side over the hours; on a phone the frame scrolls sideways.
#[component]
fn DayGrid(board: Board) -> impl IntoView {
    let hours: Vec<u32> = (board.first_hour..board.last_hour).collect();
    let rows = hours.len();
    let style = format!("--hours:{rows}");
    view! {
        <div class="board-frame" tabindex="0" role="region" aria-label="Dagens bookinger">
            <div class="day-board" style=style>
                <div class="day-hours" aria-hidden="true">
                    <div class="day-lane-head"></div>
                    <div class="day-track">
                        {hours.into_iter().map(|h| view! { <span class="hour">{format!("{h:02}.00")}</span> }).collect_view()}
                    </div>
                </div>
                {board.lanes.into_iter().map(|lane| {
                    let blocks = lane.cells.into_iter().next().unwrap_or_default();
                    let empty = blocks.is_empty();
                    let label = lane.name.clone();
                    view! {
                        <section class="day-lane" aria-label=label>
                            <h2 class="day-lane-head">{lane.name}<span class="lane-note">{lane.note}</span></h2>
                            <div class="day-track">
                                {empty.then(|| view! { <span class="sr-only">"Intet booket"</span> })}
                                {blocks.into_iter().map(|b| view! { <BlockView block=b positioned=true/> }).collect_view()}
                            </div>
                        </section>
                    }
                }).collect_view()}
            </div>
        </div>
    }
}

#[component]
fn BlockView(block: Block, positioned: bool) -> impl IntoView {
    let b = block;
    let style = positioned.then(|| format!("top:{}%;height:{}%", f64::from(b.top) / 10.0, f64::from(b.height) / 10.0));
    let class = format!(
        "block {}{}{}",
        b.kind,
        if b.unstaffed && b.id != 0 { " unstaffed" } else { "" },
        if b.status == Status::Planned { "" } else { " done" }
    );
    let body = view! {
        <span class="block-time">{b.span.clone()}</span>
        <span class="block-label">{b.label.clone()}</span>
        {(!b.family.is_empty()).then(|| view! { <span class="block-family">{b.family.clone()}</span> })}
        {(!b.staff.is_empty()).then(|| view! { <span class="block-staff">{b.staff.clone()}</span> })}
    };
    if b.id == 0 {
        view! { <div class=class style=style>{body}</div> }.into_any()
    } else {
        view! { <a class=class style=style href=format!("/booking/aftale/{}", b.id)>{body}</a> }.into_any()
    }
}
