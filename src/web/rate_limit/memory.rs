//! Rate limits counted in this process (fixed windows per key), for a single instance
//! on SQLite. Keys name what is limited, e.g. `signin-ip:203.0.113.9` or
//! `signin-account:<e-mail hash>`.
//!
//! # Memory and work under a flood of keys
//!
//! Keys are chosen by clients (an IPv6 client has 2^64 addresses to pick from), so the
//! limiter must stay small and cheap whatever arrives:
//!
//! - **Windows end in time order.** Every window, when it starts, is queued as
//!   `(end, key)` in the queue of its length (one queue per window length, so each queue
//!   is sorted by end). Each hit first pops the ended windows from the fronts of the
//!   queues and forgets their keys. Every queued entry is popped or dropped once, so the
//!   work per hit is O(1) amortised; no hit ever scans the map.
//! - **A hard cap on keys** ([`MAX_KEYS`]). When the map is full of live windows, a new
//!   key may only take the place of the oldest window that has counted a **single**
//!   attempt (a "probationary" window, kept in its own queue). Evicting a window resets
//!   its counter, which is what an attacker flooding keys would want for a key he is
//!   brute-forcing; limiting eviction to single-attempt windows, oldest first, means a
//!   key that counted two attempts or more is never forgotten before its window ends,
//!   and regaining a single attempt costs the attacker a full cap of fresh keys.
//! - **Fail closed when full.** If every live window has counted two attempts or more
//!   (a flood of repeated distinct keys), a new key is refused until the oldest window
//!   ends (its Retry-After says when), rather than counted nowhere: an uncounted key
//!   would be an unlimited one.
//! - Entries made stale (by [`MemoryLimiter::reset`], an eviction or a restarted window)
//!   stay queued until popped; when the queues have doubled since they were last
//!   compacted they are compacted in one pass, paid for by the pushes that made them
//!   grow (still O(1) amortised). Memory is therefore bounded by [`MAX_KEYS`] keys and
//!   at most four queue entries per key.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Limit, RetryAfter};

/// Most keys counted at once (about 30 MB at most with the application's key lengths).
pub const MAX_KEYS: usize = 100_000;

/// Queues shorter than this are never compacted.
const MIN_COMPACT: usize = 64;

/// The limiter: a map of windows plus the queues that end and evict them.
pub struct MemoryLimiter {
    state: Mutex<State>,
}

impl Default for MemoryLimiter {
    fn default() -> Self {
        MemoryLimiter::with_max_keys(MAX_KEYS)
    }
}

/// One key's current window.
struct Window {
    start: Instant,
    count: u32,
    /// Which window of the key this is; queue entries of older windows are stale.
    generation: u64,
}

/// A queued window: its end (or start, in the probation queue), key and generation.
struct Queued {
    at: Instant,
    key: Arc<str>,
    generation: u64,
}

struct State {
    max_keys: usize,
    windows: HashMap<Arc<str>, Window>,
    /// Per window length, the windows of that length by end (ascending).
    ends: Vec<(Duration, VecDeque<Queued>)>,
    /// Windows that may have counted one attempt only, oldest first.
    probation: VecDeque<Queued>,
    next_generation: u64,
    /// Compact the queues when they hold more entries than this.
    compact_at: usize,
    /// Queue entries examined or moved (for the tests that count work).
    work: u64,
}

impl State {
    /// Whether a queued probation entry still describes a window of at most one attempt.
    fn probationary(windows: &HashMap<Arc<str>, Window>, q: &Queued) -> bool {
        matches!(Self::current(windows, q), Some(0 | 1))
    }

    /// Whether a queued entry still describes the key's current window.
    fn current(windows: &HashMap<Arc<str>, Window>, q: &Queued) -> Option<u32> {
        windows
            .get(&q.key)
            .filter(|w| w.generation == q.generation)
            .map(|w| w.count)
    }

    /// Forgets every window that has ended by `now`.
    fn expire(&mut self, now: Instant) {
        for (_, queue) in &mut self.ends {
            while let Some(front) = queue.front() {
                if front.at > now {
                    break;
                }
                self.work += 1;
                if Self::current(&self.windows, front).is_some() {
                    self.windows.remove(&front.key);
                }
                queue.pop_front();
            }
        }
        // Stale probation entries at the front go too, so eviction finds a live one fast.
        while let Some(front) = self.probation.front() {
            if Self::probationary(&self.windows, front) {
                break;
            }
            self.work += 1;
            self.probation.pop_front();
        }
    }

    /// Makes room for one more key: evicts the oldest single-attempt window, if any.
    fn evict_one(&mut self) -> bool {
        while let Some(front) = self.probation.pop_front() {
            self.work += 1;
            if Self::probationary(&self.windows, &front) {
                self.windows.remove(&front.key);
                return true;
            }
        }
        false
    }

    /// Seconds until the earliest live window ends (at least 1).
    fn earliest_end(&self, now: Instant) -> u64 {
        self.ends
            .iter()
            .filter_map(|(_, q)| q.front())
            .map(|q| q.at.saturating_duration_since(now))
            .min()
            .map_or(1, |d| d.as_secs().max(1))
    }

    fn queued(&self) -> usize {
        self.probation.len() + self.ends.iter().map(|(_, q)| q.len()).sum::<usize>()
    }

    /// Drops stale queue entries once the queues have doubled since the last time.
    fn compact_if_needed(&mut self) {
        let queued = self.queued();
        if queued <= self.compact_at {
            return;
        }
        let windows = &self.windows;
        self.probation.retain(|q| Self::probationary(windows, q));
        for (_, queue) in &mut self.ends {
            queue.retain(|q| Self::current(windows, q).is_some());
        }
        self.work += queued as u64;
        // At most two live entries per key remain, so this stays below 4 x the cap.
        self.compact_at = (2 * self.queued()).max(MIN_COMPACT);
    }

    /// Starts a new window for `key` at `now`.
    fn start(&mut self, key: Arc<str>, per: Duration, now: Instant) {
        let generation = self.next_generation;
        self.next_generation += 1;
        let queue = match self.ends.iter().position(|(d, _)| *d == per) {
            Some(i) => &mut self.ends[i].1,
            None => {
                self.ends.push((per, VecDeque::new()));
                let last = self.ends.len() - 1;
                &mut self.ends[last].1
            }
        };
        queue.push_back(Queued {
            at: now + per,
            key: key.clone(),
            generation,
        });
        self.probation.push_back(Queued {
            at: now,
            key: key.clone(),
            generation,
        });
        self.windows.insert(
            key,
            Window {
                start: now,
                count: 0,
                generation,
            },
        );
        self.compact_if_needed();
    }
}

impl MemoryLimiter {
    pub fn new() -> MemoryLimiter {
        MemoryLimiter::default()
    }

    /// A limiter counting at most `max_keys` keys at once (at least 1).
    pub fn with_max_keys(max_keys: usize) -> MemoryLimiter {
        MemoryLimiter {
            state: Mutex::new(State {
                max_keys: max_keys.max(1),
                windows: HashMap::new(),
                ends: Vec::new(),
                probation: VecDeque::new(),
                next_generation: 0,
                compact_at: MIN_COMPACT,
                work: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Counts one attempt for `key`; refuses it when the window is full.
    pub fn hit(&self, key: &str, limit: Limit) -> Result<(), RetryAfter> {
        self.hit_at(key, limit, Instant::now())
    }

    pub fn hit_at(&self, key: &str, limit: Limit, now: Instant) -> Result<(), RetryAfter> {
        let mut state = self.lock();
        state.expire(now);
        let restart = match state.windows.get(key) {
            Some(w) => now.saturating_duration_since(w.start) >= limit.per,
            None => {
                if state.windows.len() >= state.max_keys && !state.evict_one() {
                    return Err(RetryAfter(state.earliest_end(now)));
                }
                true
            }
        };
        if restart {
            state.start(Arc::from(key), limit.per, now);
        }
        let Some(window) = state.windows.get_mut(key) else {
            return Err(RetryAfter(1));
        };
        if window.count >= limit.max {
            let left = limit
                .per
                .saturating_sub(now.saturating_duration_since(window.start));
            return Err(RetryAfter(left.as_secs().max(1)));
        }
        window.count += 1;
        Ok(())
    }

    /// Forgets a key (after a successful sign-in, for instance).
    pub fn reset(&self, key: &str) {
        self.lock().windows.remove(key);
    }

    /// Keys counted now.
    pub fn len(&self) -> usize {
        self.lock().windows.len()
    }

    /// Whether no key is counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Queue entries examined so far (work done besides the map lookups).
    #[cfg(test)]
    fn work(&self) -> u64 {
        self.lock().work
    }

    /// Queue entries held now.
    #[cfg(test)]
    fn queued(&self) -> usize {
        self.lock().queued()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_until_the_window_ends() {
        let rl = MemoryLimiter::new();
        let limit = Limit::new(3, 60);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(rl.hit_at("k", limit, t0).is_ok());
        }
        assert_eq!(
            rl.hit_at("k", limit, t0 + Duration::from_secs(10)),
            Err(RetryAfter(50))
        );
        assert!(rl.hit_at("other", limit, t0).is_ok());
        assert!(rl.hit_at("k", limit, t0 + Duration::from_secs(61)).is_ok());
        rl.reset("k");
        assert!(rl.hit_at("k", limit, t0).is_ok());
    }

    #[test]
    fn ended_windows_are_forgotten_in_time_order() {
        let rl = MemoryLimiter::new();
        let (short, long) = (Limit::new(5, 60), Limit::new(5, 3600));
        let t0 = Instant::now();
        rl.hit_at("long", long, t0).unwrap();
        for i in 0..10u64 {
            rl.hit_at(&format!("short-{i}"), short, t0 + Duration::from_secs(i))
                .unwrap();
        }
        assert_eq!(rl.len(), 11);
        // The short windows end behind the long one: each length has its own queue.
        rl.hit_at("x", short, t0 + Duration::from_secs(65)).unwrap();
        assert_eq!(rl.len(), 1 + 4 + 1, "short-0..=short-5 have ended");
        rl.hit_at("x", short, t0 + Duration::from_secs(200))
            .unwrap();
        assert_eq!(rl.len(), 2, "only long and the new x are left");
        rl.hit_at("y", short, t0 + Duration::from_secs(3601))
            .unwrap();
        assert_eq!(rl.len(), 1);
    }

    #[test]
    fn a_flood_of_distinct_keys_stays_within_the_cap_and_cheap() {
        let rl = MemoryLimiter::new();
        let limit = Limit::new(30, 900);
        let t0 = Instant::now();
        // A key under attack counts two attempts before the flood.
        rl.hit_at("signin-account:victim", limit, t0).unwrap();
        rl.hit_at("signin-account:victim", limit, t0).unwrap();
        let hits: u64 = 1_000_000;
        let mut refused = 0u64;
        for i in 0..hits {
            // All within one window: nothing ends, only the cap can help.
            let now = t0 + Duration::from_micros(i);
            if rl
                .hit_at(&format!("signin-ip:2001:db8::{i:x}"), limit, now)
                .is_err()
            {
                refused += 1;
            }
            if i % 100_000 == 0 {
                assert!(rl.len() <= MAX_KEYS, "{} keys after {i} hits", rl.len());
                assert!(rl.queued() <= 4 * MAX_KEYS + 2, "{} queued", rl.queued());
            }
        }
        assert!(rl.len() <= MAX_KEYS);
        // Single-attempt windows made room: nobody was refused.
        assert_eq!(refused, 0);
        // Constant work per hit, amortised: no scan of the map.
        assert!(
            rl.work() <= 8 * hits,
            "{} queue steps for {hits} hits",
            rl.work()
        );
        // The victim's counter survived the flood: 28 attempts left, not 30.
        let now = t0 + Duration::from_secs(1);
        for _ in 0..28 {
            rl.hit_at("signin-account:victim", limit, now).unwrap();
        }
        assert!(rl.hit_at("signin-account:victim", limit, now).is_err());
    }

    #[test]
    fn a_full_map_of_repeated_keys_refuses_new_keys_until_a_window_ends() {
        let rl = MemoryLimiter::with_max_keys(1000);
        let limit = Limit::new(5, 60);
        let t0 = Instant::now();
        for i in 0..1000 {
            for _ in 0..2 {
                rl.hit_at(&format!("k{i}"), limit, t0).unwrap();
            }
        }
        // Full of windows that counted two attempts: a new key waits, none is forgotten.
        let later = t0 + Duration::from_secs(20);
        assert_eq!(rl.hit_at("new", limit, later), Err(RetryAfter(40)));
        assert_eq!(rl.len(), 1000);
        for i in 0..1000 {
            rl.hit_at(&format!("k{i}"), limit, later).unwrap();
        }
        // Once the windows end, new keys are counted again.
        assert!(
            rl.hit_at("new", limit, t0 + Duration::from_secs(60))
                .is_ok()
        );
        assert_eq!(rl.len(), 1);
    }

    #[test]
    fn resets_and_restarted_windows_do_not_grow_the_queues() {
        let rl = MemoryLimiter::with_max_keys(100);
        let limit = Limit::new(1, 1);
        let t0 = Instant::now();
        for i in 0..100_000u64 {
            let now = t0 + Duration::from_millis(i * 10);
            let key = format!("k{}", i % 50);
            let _ = rl.hit_at(&key, limit, now);
            if i % 3 == 0 {
                rl.reset(&key);
            }
            assert!(rl.queued() <= 4 * 100 + 2, "{}", rl.queued());
        }
        assert!(rl.len() <= 100);
        assert!(rl.work() <= 8 * 100_000, "{}", rl.work());
    }
}
