//! HTTP metrics for Prometheus, and the text format they are read in.
//!
//! The [`record`] middleware counts every answer by method, route and status, and
//! times it (until its headers are ready: a streamed body is not waited for). Rules:
//! - the route is actix's matched pattern (`/commons/{id}`), never the raw path, so
//!   the labels are bounded by the route table; an answer no route matched (a 404 from
//!   the default service) is counted under [`UNMATCHED`];
//! - the method is one of the usual seven or `other` (a client may send any token);
//! - counting is cheap: a route's series are found under a shard's read lock (a write
//!   lock only the first time a route is seen), then only atomics are touched.
//!
//! [`Exposition`] writes the Prometheus text format (version 0.0.4) by hand: a few
//! lines of HELP, TYPE and samples need no library.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, RwLock};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

/// The route label of answers no route matched.
pub const UNMATCHED: &str = "unmatched";

/// The upper bounds of the duration histogram's buckets, in seconds.
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The method labels; anything else is `other`.
const METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "other",
];

fn method_index(m: &Method) -> usize {
    METHODS[..7]
        .iter()
        .position(|known| *known == m.as_str())
        .unwrap_or(7)
}

/// The status codes counted one by one: 100 to 599 (anything else counts as 599).
const FIRST_STATUS: u16 = 100;
const STATUSES: usize = 500;

/// One method of one route: answers by status, and the duration histogram.
struct Series {
    /// Answers per bucket of [`BUCKETS`] (not cumulative), the last one above 10 s.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_nanos: AtomicU64,
    statuses: Box<[AtomicU64]>,
}

impl Series {
    fn new() -> Series {
        Series {
            buckets: std::array::from_fn(|_| AtomicU64::new(0)),
            sum_nanos: AtomicU64::new(0),
            statuses: (0..STATUSES).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn observe(&self, status: u16, elapsed: Duration) {
        let i = usize::from(status.clamp(FIRST_STATUS, FIRST_STATUS + STATUSES as u16 - 1))
            - usize::from(FIRST_STATUS);
        self.statuses[i].fetch_add(1, Ordering::Relaxed);
        let secs = elapsed.as_secs_f64();
        let b = BUCKETS
            .iter()
            .position(|le| secs <= *le)
            .unwrap_or(BUCKETS.len());
        self.buckets[b].fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }
}

/// The series of one route, one per method label, made when first used.
#[derive(Default)]
struct RouteSeries {
    by_method: [OnceLock<Series>; METHODS.len()],
}

const SHARDS: usize = 8;

/// The HTTP metrics of one server: shared by its workers (the app holds it as
/// `web::Data`), read by the metrics endpoint.
pub struct HttpMetrics {
    shards: [RwLock<HashMap<String, RouteSeries>>; SHARDS],
}

impl Default for HttpMetrics {
    fn default() -> HttpMetrics {
        HttpMetrics {
            shards: std::array::from_fn(|_| RwLock::new(HashMap::new())),
        }
    }
}

impl HttpMetrics {
    fn shard(&self, route: &str) -> &RwLock<HashMap<String, RouteSeries>> {
        let mut h = DefaultHasher::new();
        route.hash(&mut h);
        &self.shards[(h.finish() as usize) % SHARDS]
    }

    /// Counts one answer.
    pub fn observe(&self, method: &Method, route: &str, status: u16, elapsed: Duration) {
        let m = method_index(method);
        let shard = self.shard(route);
        {
            let map = shard.read().unwrap_or_else(|p| p.into_inner());
            if let Some(r) = map.get(route) {
                r.by_method[m]
                    .get_or_init(Series::new)
                    .observe(status, elapsed);
                return;
            }
        }
        let mut map = shard.write().unwrap_or_else(|p| p.into_inner());
        map.entry(route.to_string()).or_default().by_method[m]
            .get_or_init(Series::new)
            .observe(status, elapsed);
    }

    /// Writes `pactum_http_requests_total` and `pactum_http_request_duration_seconds`.
    pub fn write(&self, out: &mut Exposition) {
        struct Row {
            route: String,
            method: &'static str,
            statuses: Vec<(u16, u64)>,
            buckets: [u64; BUCKETS.len() + 1],
            sum: f64,
        }
        let mut rows = Vec::new();
        for shard in &self.shards {
            let map = shard.read().unwrap_or_else(|p| p.into_inner());
            for (route, r) in map.iter() {
                for (m, s) in r.by_method.iter().enumerate() {
                    let Some(s) = s.get() else { continue };
                    let statuses = s
                        .statuses
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (i, n.load(Ordering::Relaxed)))
                        .filter(|(_, n)| *n > 0)
                        .map(|(i, n)| (FIRST_STATUS + i as u16, n))
                        .collect();
                    rows.push(Row {
                        route: route.clone(),
                        method: METHODS[m],
                        statuses,
                        buckets: std::array::from_fn(|b| s.buckets[b].load(Ordering::Relaxed)),
                        sum: s.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9,
                    });
                }
            }
        }
        rows.sort_by(|a, b| (&a.route, a.method).cmp(&(&b.route, b.method)));
        out.family(
            "pactum_http_requests_total",
            "counter",
            "HTTP answers by method, matched route pattern and status.",
        );
        for r in &rows {
            for (status, n) in &r.statuses {
                out.sample(
                    "pactum_http_requests_total",
                    &[
                        ("method", r.method),
                        ("route", &r.route),
                        ("status", &status.to_string()),
                    ],
                    n,
                );
            }
        }
        out.family(
            "pactum_http_request_duration_seconds",
            "histogram",
            "Time to answer (to the headers), by method and matched route pattern.",
        );
        for r in &rows {
            let labels = [("method", r.method), ("route", r.route.as_str())];
            let mut cumulative = 0;
            for (b, n) in r.buckets.iter().enumerate() {
                cumulative += n;
                let le = BUCKETS.get(b).map_or("+Inf".to_string(), f64::to_string);
                out.sample(
                    "pactum_http_request_duration_seconds_bucket",
                    &[labels[0], labels[1], ("le", &le)],
                    cumulative,
                );
            }
            out.sample("pactum_http_request_duration_seconds_sum", &labels, r.sum);
            out.sample(
                "pactum_http_request_duration_seconds_count",
                &labels,
                cumulative,
            );
        }
    }
}

/// Counts and times every answer (see the module's rules), and writes one debug line
/// per answer to the log target `pactum::access` (inside the request's span, so with
/// its id; the route pattern, not the path, which may hold a token).
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let metrics = req.app_data::<web::Data<HttpMetrics>>().cloned();
    let method = req.method().clone();
    let started = Instant::now();
    let result = next.call(req).await;
    let elapsed = started.elapsed();
    let (status, route) = match &result {
        Ok(res) => (res.status(), res.request().match_pattern()),
        // Inner layers answer with responses; an error that still gets here has lost
        // its request.
        Err(e) => (e.as_response_error().status_code(), None),
    };
    let route = route.as_deref().unwrap_or(UNMATCHED);
    if let Some(m) = metrics {
        m.observe(&method, route, status.as_u16(), elapsed);
    }
    tracing::debug!(
        target: "pactum::access",
        method = %method,
        route,
        status = status.as_u16(),
        ms = elapsed.as_secs_f64() * 1000.0,
        "answered"
    );
    result
}

/// A Prometheus text-format page being written.
#[derive(Debug, Default)]
pub struct Exposition {
    text: String,
}

impl Exposition {
    pub fn new() -> Exposition {
        Exposition::default()
    }

    /// Starts a metric family: its HELP and TYPE lines.
    pub fn family(&mut self, name: &str, kind: &str, help: &str) {
        let help = help.replace('\\', "\\\\").replace('\n', "\\n");
        self.text
            .push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n"));
    }

    /// One sample: `name{label="value",…} value`.
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl std::fmt::Display) {
        self.text.push_str(name);
        if !labels.is_empty() {
            self.text.push('{');
            for (i, (k, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.text.push(',');
                }
                self.text.push_str(k);
                self.text.push_str("=\"");
                for c in v.chars() {
                    match c {
                        '\\' => self.text.push_str("\\\\"),
                        '"' => self.text.push_str("\\\""),
                        '\n' => self.text.push_str("\\n"),
                        c => self.text.push(c),
                    }
                }
                self.text.push('"');
            }
            self.text.push('}');
        }
        self.text.push_str(&format!(" {value}\n"));
    }

    /// A family of one unlabelled sample.
    pub fn single(&mut self, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
        self.family(name, kind, help);
        self.sample(name, &[], value);
    }

    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_values_plain() {
        let mut e = Exposition::new();
        e.family("x_total", "counter", "A line\nwith a break.");
        e.sample("x_total", &[("a", "q\"b\\c\nd"), ("b", "/x/{id}")], 3u64);
        e.sample("y", &[], 0.25f64);
        e.sample("z", &[], 2.0f64);
        assert_eq!(
            e.finish(),
            "# HELP x_total A line\\nwith a break.\n# TYPE x_total counter\n\
             x_total{a=\"q\\\"b\\\\c\\nd\",b=\"/x/{id}\"} 3\ny 0.25\nz 2\n"
        );
    }

    #[test]
    fn answers_are_counted_by_status_and_timed_in_cumulative_buckets() {
        let m = HttpMetrics::default();
        m.observe(&Method::GET, "/a/{id}", 200, Duration::from_millis(3));
        m.observe(&Method::GET, "/a/{id}", 200, Duration::from_millis(30));
        m.observe(&Method::GET, "/a/{id}", 404, Duration::from_secs(20));
        m.observe(
            &Method::from_bytes(b"BREW").unwrap(),
            "/a/{id}",
            405,
            Duration::ZERO,
        );
        let mut e = Exposition::new();
        m.write(&mut e);
        let text = e.finish();
        for line in [
            "pactum_http_requests_total{method=\"GET\",route=\"/a/{id}\",status=\"200\"} 2",
            "pactum_http_requests_total{method=\"GET\",route=\"/a/{id}\",status=\"404\"} 1",
            "pactum_http_requests_total{method=\"other\",route=\"/a/{id}\",status=\"405\"} 1",
            "pactum_http_request_duration_seconds_bucket{method=\"GET\",route=\"/a/{id}\",le=\"0.005\"} 1",
            "pactum_http_request_duration_seconds_bucket{method=\"GET\",route=\"/a/{id}\",le=\"0.05\"} 2",
            "pactum_http_request_duration_seconds_bucket{method=\"GET\",route=\"/a/{id}\",le=\"10\"} 2",
            "pactum_http_request_duration_seconds_bucket{method=\"GET\",route=\"/a/{id}\",le=\"+Inf\"} 3",
            "pactum_http_request_duration_seconds_sum{method=\"GET\",route=\"/a/{id}\"} 20.033",
            "pactum_http_request_duration_seconds_count{method=\"GET\",route=\"/a/{id}\"} 3",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
    }
}
