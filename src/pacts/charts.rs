//! Charts drawn on the server as SVG: horizontal bars with their numbers written out,
//! and a dot map of active pacts. Each SVG has a title and is followed in the page by
//! the same numbers as a table, so no one depends on the picture.

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Horizontal bars, one per (label, value), scaled to the largest value.
pub fn bars(data: &[(String, i64)], title: &str) -> String {
    let row = 28;
    let label_w = 220;
    let bar_w = 300;
    let height = row * data.len().max(1) + 10;
    let max = data.iter().map(|d| d.1).max().unwrap_or(0).max(1);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         viewBox=\"0 0 {w} {height}\" width=\"100%\" aria-labelledby=\"c-{id}\">\
         <title id=\"c-{id}\">{t}</title>",
        w = label_w + bar_w + 60,
        id = crate::util::sha256_hex(title.as_bytes())
            .get(..8)
            .unwrap_or("chart"),
        t = esc(title),
    );
    for (i, (label, value)) in data.iter().enumerate() {
        let y = i * row + 5;
        let w = (*value as f64 / max as f64 * bar_w as f64).round() as i64;
        out.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" class=\"chart-label\">{l}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" class=\"chart-bar\"/>\
             <text x=\"{vx}\" y=\"{ty}\" class=\"chart-value\">{value}</text>",
            lx = label_w - 8,
            ty = y + 15,
            l = esc(label),
            h = row - 8,
            vx = label_w as i64 + w + 6,
        ));
    }
    out.push_str("</svg>");
    out
}

/// A dot per active pact within the city's extent (`[min lon, min lat, max lon, max
/// lat]`), each dot a link to the pact with its title as tooltip.
pub fn dot_map(
    points: &[(f64, f64, String, i64)],
    extent: Option<[f64; 4]>,
    title: &str,
) -> String {
    let (w, h) = (600.0, 400.0);
    let [x0, y0, x1, y1] = extent.unwrap_or_else(|| {
        let xs = points.iter().map(|p| p.0);
        let ys = points.iter().map(|p| p.1);
        [
            xs.clone().fold(f64::INFINITY, f64::min),
            ys.clone().fold(f64::INFINITY, f64::min),
            xs.fold(f64::NEG_INFINITY, f64::max),
            ys.fold(f64::NEG_INFINITY, f64::max),
        ]
    });
    let (dx, dy) = ((x1 - x0).max(1e-6), (y1 - y0).max(1e-6));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart dot-map\" role=\"group\" \
         viewBox=\"0 0 {w} {h}\" width=\"100%\" aria-labelledby=\"map-title\">\
         <title id=\"map-title\">{}</title><rect width=\"{w}\" height=\"{h}\" class=\"map-bg\"/>",
        esc(title)
    );
    for (lng, lat, t, id) in points {
        if !(lng.is_finite() && lat.is_finite()) {
            continue;
        }
        let x = (lng - x0) / dx * (w - 20.0) + 10.0;
        let y = h - ((lat - y0) / dy * (h - 20.0) + 10.0);
        if !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y) {
            continue;
        }
        out.push_str(&format!(
            "<a href=\"/pacts/{id}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\" class=\"map-dot\"><title>{}</title></circle></a>",
            esc(t)
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars(&[("A<b>".into(), 10), ("B".into(), 5)], "By state");
        assert!(svg.contains("A&lt;b&gt;"));
        assert!(svg.contains("width=\"300\""));
        assert!(svg.contains("width=\"150\""));
        assert!(svg.contains(">10</text>"));
        assert!(svg.contains("<title"));
    }

    #[test]
    fn dots_fall_inside_the_extent() {
        let svg = dot_map(
            &[(11.0, 44.0, "P".into(), 1), (50.0, 50.0, "far".into(), 2)],
            Some([10.0, 43.0, 12.0, 45.0]),
            "Map",
        );
        assert!(svg.contains("/pacts/1"));
        assert!(!svg.contains("/pacts/2"));
        assert!(svg.contains("cx=\"300.0\""));
    }
}
