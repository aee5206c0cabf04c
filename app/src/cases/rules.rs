//! What closing a child's case does to the family's planned appointments. Pure: no I/O.

/// A planned appointment of the family from now on (guidance talks are left out: they go with
/// their visit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub id: i64,
    /// The children on it; empty for a meeting (meetings carry no children).
    pub children: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// Nobody with an open case is left on it.
    Cancel(i64),
    /// A sibling with an open case still comes: only this child is taken off.
    TakeOff { appointment: i64, child: i64 },
}

/// `child` may no longer come to some visits (`may_come(appointment, child)` says who still may):
/// each visit with the child where it may not come is cancelled, unless another child on it still
/// may (then only this child is taken off). Meetings and visits without the child are left alone.
pub fn lost_effects(planned: &[Planned], child: i64, may_come: impl Fn(i64, i64) -> bool) -> Vec<Effect> {
    planned
        .iter()
        .filter(|p| p.children.contains(&child) && !may_come(p.id, child))
        .map(|p| {
            if p.children.iter().any(|c| *c != child && may_come(p.id, *c)) {
                Effect::TakeOff { appointment: p.id, child }
            } else {
                Effect::Cancel(p.id)
            }
        })
        .collect()
}

/// Closing `child`'s case, with `open` the family's children whose cases stay open: a visit with
/// the child is cancelled unless another child on it has an open case (then the child is taken
/// off); the family's meetings are cancelled when no child's case stays open. Anything else is
/// left alone.
pub fn closing_effects(planned: &[Planned], child: i64, open: &[i64]) -> Vec<Effect> {
    let mut effects = lost_effects(planned, child, |_, c| c != child && open.contains(&c));
    if open.is_empty() {
        effects.extend(planned.iter().filter(|p| p.children.is_empty()).map(|p| Effect::Cancel(p.id)));
    }
    effects.sort_unstable_by_key(|e| match e {
        Effect::Cancel(id) | Effect::TakeOff { appointment: id, .. } => *id,
    });
    effects
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_sibling_visit_goes_on_without_the_child_and_the_last_case_cancels_the_meetings() {
        let planned = [
            Planned { id: 1, children: vec![10, 11] },
            Planned { id: 2, children: vec![10] },
            Planned { id: 3, children: vec![] },
            Planned { id: 4, children: vec![11] },
        ];
        assert_eq!(
            closing_effects(&planned, 10, &[11]),
            [Effect::TakeOff { appointment: 1, child: 10 }, Effect::Cancel(2)]
        );
        assert_eq!(closing_effects(&planned, 11, &[]), [Effect::Cancel(1), Effect::Cancel(3), Effect::Cancel(4)]);
    }

    #[test]
    fn a_lost_consent_cancels_only_where_nobody_may_come() {
        let planned = [
            Planned { id: 1, children: vec![10, 11] },
            Planned { id: 2, children: vec![10, 11] },
            Planned { id: 3, children: vec![] },
        ];
        // On visit 1 the sibling may come; on visit 2 neither may.
        let may = |a: i64, c: i64| c == 11 && a == 1;
        assert_eq!(lost_effects(&planned, 10, may), [Effect::TakeOff { appointment: 1, child: 10 }, Effect::Cancel(2)]);
        // The child may still come to visit 1: nothing happens to it.
        assert_eq!(lost_effects(&planned, 10, |a, _| a == 1), [Effect::Cancel(2)]);
    }

    proptest! {
        /// Every appointment with the child gets exactly one effect, a cancellation exactly when
        /// no other child on it keeps an open case; meetings are cancelled exactly when no case
        /// stays open; nothing else is touched.
        #[test]
        fn effects_match_the_rule(
            raw in proptest::collection::vec(proptest::collection::btree_set(0i64..5, 0..4), 0..12),
            child in 0i64..5,
            open_mask in 0u8..32,
        ) {
            let open: Vec<i64> = (0..5).filter(|c| *c != child && open_mask & (1 << c) != 0).collect();
            let planned: Vec<Planned> =
                raw.iter().enumerate().map(|(i, s)| Planned { id: i as i64, children: s.iter().copied().collect() }).collect();
            let effects = closing_effects(&planned, child, &open);
            let mut touched = 0;
            for p in &planned {
                let mine: Vec<&Effect> = effects.iter().filter(|e| match e {
                    Effect::Cancel(id) => *id == p.id,
                    Effect::TakeOff { appointment, .. } => *appointment == p.id,
                }).collect();
                let want = if p.children.is_empty() {
                    open.is_empty().then_some(Effect::Cancel(p.id))
                } else if !p.children.contains(&child) {
                    None
                } else if p.children.iter().any(|c| open.contains(c)) {
                    Some(Effect::TakeOff { appointment: p.id, child })
                } else {
                    Some(Effect::Cancel(p.id))
                };
                prop_assert_eq!(mine, want.iter().collect::<Vec<_>>());
                touched += usize::from(want.is_some());
            }
            prop_assert_eq!(effects.len(), touched);
        }
    }
}
