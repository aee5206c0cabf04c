//! Robustness found missing by a security review, each proved over the real app: sealed texts are
//! bound to their row, a hung gateway holds up nothing else, two workers never send a notice twice,
//! far-off dates are refused, and racing inserts answer with a clear refusal.

mod accounts;
mod dates;
