//! Security headers on every response.

use actix_web::middleware::DefaultHeaders;

/// The Content-Security-Policy: no inline script or style, nothing framed, forms only
/// to this site (and to the city's identity provider, where a form's answer sends the
/// browser). Map tiles (added by the registry) extend `img-src`.
pub fn content_security_policy(extra_img_src: &[String], form_targets: &[String]) -> String {
    let mut img = String::from("'self' data:");
    for s in extra_img_src {
        img.push(' ');
        img.push_str(s);
    }
    let mut forms = String::from("'self'");
    for s in form_targets {
        forms.push(' ');
        forms.push_str(s);
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src {img}; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action {forms}; frame-ancestors 'none'"
    )
}

/// The headers, with the map tile server's origin allowed as an image source.
pub fn security_headers(
    https: bool,
    tile_origins: &[String],
    form_targets: &[String],
) -> DefaultHeaders {
    let mut h = DefaultHeaders::new()
        .add((
            "Content-Security-Policy",
            content_security_policy(tile_origins, form_targets),
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(self)",
        ));
    if https {
        h = h.add((
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ));
    }
    h
}
