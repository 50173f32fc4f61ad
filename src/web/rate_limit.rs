//! In-process rate limits (fixed windows per key). Keys name what is limited, e.g.
//! `signin-ip:203.0.113.9` or `signin-account:<e-mail hash>`. Each instance counts on
//! its own; behind N instances the effective limit is at most N times as high.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub per: Duration,
}

impl Limit {
    pub const fn new(max: u32, per_secs: u64) -> Limit {
        Limit {
            max,
            per: Duration::from_secs(per_secs),
        }
    }
}

#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// Refused: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

impl RateLimiter {
    pub fn new() -> RateLimiter {
        RateLimiter::default()
    }

    /// Counts one attempt for `key`; refuses it when the window is full.
    pub fn hit(&self, key: &str, limit: Limit) -> Result<(), RetryAfter> {
        self.hit_at(key, limit, Instant::now())
    }

    pub fn hit_at(&self, key: &str, limit: Limit, now: Instant) -> Result<(), RetryAfter> {
        let mut map = match self.windows.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(3600));
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= limit.per {
            *entry = (now, 0);
        }
        if entry.1 >= limit.max {
            let left = limit.per.saturating_sub(now.duration_since(entry.0));
            return Err(RetryAfter(left.as_secs().max(1)));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Forgets a key (after a successful sign-in, for instance).
    pub fn reset(&self, key: &str) {
        if let Ok(mut map) = self.windows.lock() {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_until_the_window_ends() {
        let rl = RateLimiter::new();
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
}
