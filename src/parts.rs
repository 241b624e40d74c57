//! Work cut into parts, one thread a part: the fused pass over a monthly table, the range of
//! its days, the row groups of Parquet files.

/// `work(p)` for every part `p` in `0..parts`, the first on this thread and the others on
/// threads of their own, in part order. A panic in a part is re-raised here, where the
/// Python binding turns it into an error. (Crate-private: its example is the unit test
/// below.)
pub(crate) fn in_parts<T: Send>(parts: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    if parts <= 1 {
        return vec![work(0)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..parts).map(|p| scope.spawn(move || work(p))).collect();
        let mut done = vec![work(0)];
        done.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        done
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order_and_a_panic_is_raised_again() {
        assert_eq!(in_parts(3, |p| p * p), [0, 1, 4]);
        assert_eq!(in_parts(0, |p| p + 7), [7]);
        let caught = std::panic::catch_unwind(|| in_parts(2, |p| assert!(p == 0, "part {p}")));
        assert!(caught.is_err());
    }
}
