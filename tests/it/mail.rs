//! E-mail delivery through the outbox: SMTP to a real (local) server, retries with
//! backoff, leases, and the final failure that keeps the row and its error.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use diesel::prelude::*;
use pactum::db::schema::outbox;
use pactum::mail::{self, Email, MAX_ATTEMPTS, Transport};

use crate::support::TestApp;

/// Messages a sink received: recipients and the raw message.
type Received = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// A minimal SMTP server on 127.0.0.1 that accepts every message.
fn smtp_sink() -> (u16, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let store = store.clone();
            std::thread::spawn(move || {
                let mut w = stream.try_clone().unwrap();
                let mut r = BufReader::new(stream);
                let _ = w.write_all(b"220 sink ESMTP\r\n");
                let mut rcpt = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let cmd = line.trim_end().to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("RCPT TO:") {
                        rcpt.push(line.trim_end()[8..].to_string());
                        b"250 OK\r\n"
                    } else if cmd == "DATA" {
                        let _ = w.write_all(b"354 go ahead\r\n");
                        let mut data = String::new();
                        loop {
                            line.clear();
                            if r.read_line(&mut line).unwrap_or(0) == 0 || line == ".\r\n" {
                                break;
                            }
                            data.push_str(&line);
                        }
                        store
                            .lock()
                            .unwrap()
                            .push((std::mem::take(&mut rcpt), data));
                        b"250 queued\r\n"
                    } else if cmd == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n");
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = w.write_all(reply);
                }
            });
        }
    });
    (port, received)
}

fn sample(to: &str) -> Email {
    Email {
        to: to.into(),
        subject: "Benvenuta".into(),
        text: "Ciao, città!".into(),
        html: "<p>Ciao, città!</p>".into(),
    }
}

#[test]
fn smtp_delivery_sends_multipart_mail_and_marks_it_delivered() {
    let app = TestApp::new();
    let (port, received) = smtp_sink();
    let mut conn = app.state.db.get().unwrap();
    mail::enqueue(&mut conn, &sample("giulia@example.org")).unwrap();
    let t = Transport::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        app.outbox_dir(),
        "City <noreply@city.example.org>",
    )
    .unwrap();
    let report = mail::deliver_due(&mut conn, &t, 10).unwrap();
    assert_eq!(report.delivered, 1);
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert!(got[0].0[0].contains("giulia@example.org"));
    assert!(got[0].1.contains("multipart/alternative"));
    assert!(got[0].1.contains("text/html"));
    // Delivered once: a second pass sends nothing.
    assert_eq!(mail::deliver_due(&mut conn, &t, 10).unwrap().delivered, 0);
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[test]
fn failures_are_retried_with_backoff_then_kept_as_failed() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    let id = mail::enqueue(&mut conn, &sample("paolo@example.org")).unwrap();
    // Nothing listens on this port.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let t = Transport::new(
        Some(&format!("smtp://127.0.0.1:{port}")),
        app.outbox_dir(),
        "City <noreply@city.example.org>",
    )
    .unwrap();
    let r = mail::deliver_due(&mut conn, &t, 10).unwrap();
    assert_eq!((r.delivered, r.retried, r.failed), (0, 1, 0));
    let (attempts, next, err): (i64, chrono::NaiveDateTime, Option<String>) = outbox::table
        .find(id)
        .select((
            outbox::attempts,
            outbox::next_attempt_at,
            outbox::last_error,
        ))
        .first(&mut *conn)
        .unwrap();
    assert_eq!(attempts, 1);
    assert!(
        next > Utc::now().naive_utc() + chrono::Duration::seconds(20),
        "backoff"
    );
    assert!(err.unwrap().contains("SMTP"));
    // Not due yet: the next pass leaves it alone.
    assert_eq!(mail::deliver_due(&mut conn, &t, 10).unwrap().retried, 0);
    // The last attempt fails for good; the row stays with its error.
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(MAX_ATTEMPTS - 1),
            outbox::next_attempt_at.eq(Utc::now().naive_utc()),
        ))
        .execute(&mut *conn)
        .unwrap();
    let r = mail::deliver_due(&mut conn, &t, 10).unwrap();
    assert_eq!(r.failed, 1);
    let failed: Option<chrono::NaiveDateTime> = outbox::table
        .find(id)
        .select(outbox::failed_at)
        .first(&mut *conn)
        .unwrap();
    assert!(failed.is_some());
}

#[test]
fn a_row_leased_by_another_instance_is_not_sent_twice() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    let id = mail::enqueue(&mut conn, &sample("chiara@example.org")).unwrap();
    diesel::update(outbox::table.find(id))
        .set(outbox::locked_until.eq(Some(Utc::now().naive_utc() + chrono::Duration::seconds(60))))
        .execute(&mut *conn)
        .unwrap();
    let t = Transport::new(None, app.outbox_dir(), "City <noreply@city.example.org>").unwrap();
    assert_eq!(mail::deliver_due(&mut conn, &t, 10).unwrap().delivered, 0);
    diesel::update(outbox::table.find(id))
        .set(outbox::locked_until.eq(None::<chrono::NaiveDateTime>))
        .execute(&mut *conn)
        .unwrap();
    assert_eq!(mail::deliver_due(&mut conn, &t, 10).unwrap().delivered, 1);
}

#[test]
fn messages_are_written_in_the_recipients_language() {
    use pactum::web::i18n::Lang;
    let m = mail::compose_action(
        Lang::It,
        "Bologna",
        &mail::ActionMail {
            prefix: "email-reset",
            to: "a@example.org",
            name: "Anna",
            url: "http://x.example/p",
            args: &[],
        },
    )
    .unwrap();
    assert_eq!(
        m.subject,
        pactum::web::i18n::catalog().t_args(
            Lang::It,
            "email-reset-subject",
            &[("city", "Bologna".into())]
        )
    );
    assert!(m.text.contains("http://x.example/p") && m.html.contains("http://x.example/p"));
    assert!(m.html.starts_with("<!DOCTYPE html>") && m.html.contains("lang=\"it\""));
}
