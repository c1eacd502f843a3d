//! Results back in input order: answers from parallel workers come in any order and wait
//! here until every line before them is out. The window is bounded: a line further than
//! `capacity` ahead of the first one not yet out is not started, so memory does not grow
//! with the size of the batch, only with `--parallel`. Pure.

use std::collections::BTreeMap;

#[derive(Debug)]
pub struct Reorder<T> {
    /// The number of the next item to hand out.
    next: u64,
    waiting: BTreeMap<u64, T>,
    capacity: u64,
}

impl<T> Reorder<T> {
    /// Items numbered from `first`, at most `capacity` (at least 1) ahead of the next one out.
    pub fn new(first: u64, capacity: usize) -> Self {
        Reorder {
            next: first,
            waiting: BTreeMap::new(),
            capacity: (capacity as u64).max(1),
        }
    }

    /// Whether item `number` may be started now.
    pub fn has_room(&self, number: u64) -> bool {
        number >= self.next && number - self.next < self.capacity
    }

    /// How many items after `number` may be started now.
    pub fn room_after(&self, number: u64) -> u64 {
        (self.next + self.capacity).saturating_sub(number.saturating_add(1))
    }

    /// Files a finished item; it must have room and not be there already.
    pub fn put(&mut self, number: u64, item: T) -> Result<(), String> {
        if !self.has_room(number) || self.waiting.contains_key(&number) {
            return Err(format!(
                "result {number} is outside the window from {} (a bug)",
                self.next
            ));
        }
        self.waiting.insert(number, item);
        Ok(())
    }

    /// The next item in order, when it is in.
    pub fn pop_ready(&mut self) -> Option<T> {
        let item = self.waiting.remove(&self.next)?;
        self.next += 1;
        Some(item)
    }

    /// How many finished items wait for an earlier one.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_in_order_whatever_order_they_finish_in() {
        let mut reorder = Reorder::new(1, 4);
        reorder.put(3, "c").unwrap();
        reorder.put(2, "b").unwrap();
        assert_eq!(reorder.pop_ready(), None);
        reorder.put(1, "a").unwrap();
        let out: Vec<_> = std::iter::from_fn(|| reorder.pop_ready()).collect();
        assert_eq!(out, ["a", "b", "c"]);
        assert_eq!(reorder.waiting(), 0);
    }

    #[test]
    fn the_window_bounds_how_far_ahead_anything_starts() {
        let mut reorder = Reorder::new(1, 2);
        assert!(reorder.has_room(1) && reorder.has_room(2));
        assert!(!reorder.has_room(3));
        assert_eq!(
            (
                reorder.room_after(0),
                reorder.room_after(1),
                reorder.room_after(2)
            ),
            (2, 1, 0)
        );
        assert!(reorder.put(3, ()).is_err());
        reorder.put(2, ()).unwrap();
        assert!(reorder.put(2, ()).is_err(), "twice");
        reorder.put(1, ()).unwrap();
        reorder.pop_ready();
        assert!(reorder.has_room(3));
        assert!(!reorder.has_room(1), "already out");
    }

    #[test]
    fn a_shuffled_run_comes_out_sorted_with_a_bounded_buffer() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut reorder = Reorder::new(1, 8);
        let (mut started, mut out, mut running) = (1u64, Vec::new(), Vec::new());
        while out.len() < 1_000 {
            while started <= 1_000 && reorder.has_room(started) && running.len() < 4 {
                running.push(started);
                started += 1;
            }
            let done = running.swap_remove(rng.usize(..running.len()));
            reorder.put(done, done).unwrap();
            assert!(reorder.waiting() <= 8);
            out.extend(std::iter::from_fn(|| reorder.pop_ready()));
        }
        assert!(out.windows(2).all(|w| w[0] + 1 == w[1]));
    }
}
