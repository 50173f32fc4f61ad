#!/usr/bin/env python3
"""Posts token transfers between the seeded holders, all at once, against a running
Pactum, then checks the book against what the server answered.

Used by tests/load/transfers.sh (which starts the server, seeds the holders with the
seed_holders example and reads the book back with its --balances flag). Standard
library only.

    transfers.py run BASE_URL SEED_JSON RESULTS_JSON
    transfers.py verify SEED_JSON RESULTS_JSON BALANCES_JSON

run: every holder signs in from its own forwarded address (the server trusts
X-Forwarded-For, as behind a reverse proxy, so the per-address sign-in limit counts
per holder) and reads its wallet's transfer form for the CSRF token. Each holder then
sends PER_HOLDER transfers (10) of 1 to MAX_AMOUNT (60) tokens to random other holders,
each with its own idempotency key, and RESEND_PERCENT (5) % of them are sent a second
time with the same key. All requests (1,050 for 100 holders) wait at one barrier and
go at once, each on its own connection, up to 1,000 in flight. Prints throughput and
latency as JSON and writes every request's outcome to RESULTS_JSON.

verify: from the seeded balances and the transfers the server accepted (303), works
out every holder's balance and checks it against the book; checks that the holders
and the buffer together hold every token issued, that the book has exactly one
`transfer` row per accepted key (a resent key moved tokens once, and when its first
request was accepted the resend was answered the same 303 and Location), and that no
request got anything but 303 (accepted), 422 (refused: the holder had too few tokens
at that moment) or 503 (the server waited too long for a database connection and did
nothing: counted apart, as it moves no token). Exits non-zero naming what does not
hold.
"""

import concurrent.futures
import http.client
import http.cookies
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACCOUNT = re.compile(r'<code id="account-id">([^<]+)</code>')
INSUFFICIENT = "The account holds fewer tokens than that"


class Client:
    """One HTTP/1.1 connection with its cookies, as one browser tab."""

    def __init__(self, base, ip, cookies=None):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.origin = u.hostname, u.port, base
        self.ip = ip
        self.cookies = dict(cookies or {})
        self.conn = None

    def request(self, method, path, fields=None, retry=True):
        body = urllib.parse.urlencode(fields, doseq=True) if fields is not None else None
        headers = {"X-Forwarded-For": self.ip, "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                res = self.conn.getresponse()
                data = res.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2 or not retry:
                    raise
        for h in res.headers.get_all("Set-Cookie") or []:
            c = http.cookies.SimpleCookie()
            c.load(h)
            for k, m in c.items():
                self.cookies[k] = m.value
        return res.status, data, res.headers.get("Location")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def ip_of(n):
    """Holder n's forwarded address."""
    n += 1
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def prepare(base, slug, n, holder, password):
    """Signs holder n in and reads its wallet: the cookies and the transfer form's token."""
    c = Client(base, ip_of(n))
    status, page, _ = c.request("GET", "/signin")
    token = CSRF.search(page).group(1)
    status, _, _ = c.request(
        "POST",
        "/signin",
        {"csrf_token": token, "next": "", "email": holder["email"], "password": password},
    )
    if status != 303:
        raise RuntimeError(f"holder {n}: sign-in answered {status}")
    status, page, _ = c.request("GET", f"/tokens/{slug}/wallet")
    if status != 200:
        raise RuntimeError(f"holder {n}: the wallet answered {status}")
    account = ACCOUNT.search(page)
    if not account or account.group(1) != holder["account"]:
        raise RuntimeError(f"holder {n}: the wallet shows another account")
    form = page.find(f'action="/tokens/{slug}/wallet/transfer"')
    if form < 0:
        raise RuntimeError(f"holder {n}: no transfer form on the wallet")
    token = CSRF.search(page, form).group(1)
    c.close()
    return c.cookies, token


def pct(values, p):
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def run(base, seed_file, results_file):
    seed = json.load(open(seed_file))
    slug, password, holders = seed["slug"], seed["password"], seed["holders"]
    per_holder = int(os.environ.get("PER_HOLDER", "10"))
    max_amount = int(os.environ.get("MAX_AMOUNT", "60"))
    resend_percent = float(os.environ.get("RESEND_PERCENT", "5"))
    max_inflight = int(os.environ.get("MAX_INFLIGHT", "1000"))
    rng = random.Random(int(os.environ.get("BENCH_SEED", "2026")))
    n = len(holders)

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        ready = list(pool.map(lambda i: prepare(base, slug, i, holders[i], password), range(n)))
    print(f"signed in and read the wallet: {n} holders in {time.monotonic() - t0:.1f} s",
          file=sys.stderr)

    # The plan: PER_HOLDER transfers per holder to random others, each its own key; a
    # share of them sent twice with the same key. The requests go in a random order.
    transfers = []
    run_id = "%08x" % rng.getrandbits(32)
    for i in range(n):
        for k in range(per_holder):
            j = rng.randrange(n - 1)
            j = j + 1 if j >= i else j
            transfers.append({
                "from": i,
                "to": j,
                "amount": rng.randint(1, max_amount),
                "key": f"bench-{run_id}-{i:04d}-{k:03d}",
            })
    resent = rng.sample(range(len(transfers)), round(len(transfers) * resend_percent / 100))
    requests = [(t, False) for t in range(len(transfers))] + [(t, True) for t in resent]
    rng.shuffle(requests)
    workers = min(len(requests), max_inflight)
    barrier = threading.Barrier(workers)
    results = [None] * len(requests)

    def post(r):
        t, resend = requests[r]
        tr = transfers[t]
        cookies, token = ready[tr["from"]]
        c = Client(base, ip_of(tr["from"]), cookies)
        fields = {
            "csrf_token": token,
            "idempotency_key": tr["key"],
            "group": "",
            "to": holders[tr["to"]]["account"],
            "amount": str(tr["amount"]),
        }
        if r < workers:
            barrier.wait()
        start = time.monotonic()
        try:
            # No retry: a request sent twice would be a resend of its own.
            status, page, location = c.request(
                "POST", f"/tokens/{slug}/wallet/transfer", fields, retry=False)
            error = None
        except (http.client.HTTPException, OSError) as e:
            status, page, location, error = None, "", None, f"{type(e).__name__}: {e}"
        took = time.monotonic() - start
        c.close()
        results[r] = {
            "transfer": t,
            "resend": resend,
            "status": status,
            "location": location,
            "insufficient": status == 422 and INSUFFICIENT in page,
            "error": error,
            "start": start,
            "end": start + took,
            "took": took,
        }

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(post, range(len(requests))))
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    wall_all = time.monotonic() - t0

    statuses = {}
    for r in results:
        statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
    accepted_keys = {transfers[r["transfer"]]["key"] for r in results if r["status"] == 303}
    lat = sorted(r["took"] for r in results)
    summary = {
        "holders": n,
        "transfers": len(transfers),
        "resends": len(resent),
        "requests": len(requests),
        "concurrent": workers,
        "statuses": statuses,
        "accepted_transfers": len(accepted_keys),
        "refused_insufficient": sum(1 for r in results if r["insufficient"]),
        "unavailable_503": sum(1 for r in results if r["status"] == 503),
        "errors": sum(1 for r in results if r["error"]),
        "wall_s": round(wall, 2),
        "transfers_per_s": round(len(accepted_keys) / wall, 1) if wall else None,
        "requests_per_s": round(len(requests) / wall, 1) if wall else None,
        "latency_ms": {"p50": round(pct(lat, 0.5)), "p90": round(pct(lat, 0.9)),
                       "p99": round(pct(lat, 0.99)), "max": round(lat[-1] * 1000)},
    }
    json.dump({"transfers": transfers, "results": results, "summary": summary},
              open(results_file, "w"))
    print(f"posted {len(requests)} requests in {wall_all:.1f} s", file=sys.stderr)
    print(json.dumps(summary))


def verify(seed_file, results_file, balances_file):
    seed = json.load(open(seed_file))
    data = json.load(open(results_file))
    book = json.load(open(balances_file))
    holders, transfers, results = seed["holders"], data["transfers"], data["results"]
    problems = []

    # Every request answered 303 or 422 (a 422 for want of tokens only), or 503: the
    # server gave up waiting for a database connection (the pool's 10 s), which moves
    # nothing and may be retried with the same key; reported, not a failure.
    for r in results:
        if r["status"] == 503:
            continue
        if r["status"] not in (303, 422):
            problems.append(f"request for {transfers[r['transfer']]['key']}"
                            f"{' (resend)' if r['resend'] else ''}: status {r['status']}"
                            f"{' ' + r['error'] if r['error'] else ''}")
        elif r["status"] == 422 and not r["insufficient"]:
            problems.append(f"{transfers[r['transfer']]['key']}: refused, not for want of tokens")

    # By key: accepted when any of its requests was; a resend of an accepted first
    # request answers the same 303 and Location.
    by_key = {}
    for r in results:
        by_key.setdefault(r["transfer"], []).append(r)
    accepted = [t for t, rs in by_key.items() if any(r["status"] == 303 for r in rs)]
    resends_same = resends_refused_then_accepted = resends_both_refused = 0
    for t, rs in by_key.items():
        if len(rs) < 2:
            continue
        ss = [r["status"] for r in rs]
        if all(s == 303 for s in ss):
            if len({r["location"] for r in rs}) != 1:
                problems.append(f"{transfers[t]['key']}: the resend answered another Location")
            resends_same += 1
        elif 303 in ss:
            # One refused, one accepted: legitimate only when the refused one ran first
            # (a refused request keeps nothing, so its key may run again later).
            resends_refused_then_accepted += 1
        else:
            resends_both_refused += 1

    # Expected balances from the seeded ones and the accepted transfers.
    expected = {h["account"]: h["balance"] for h in holders}
    for t in accepted:
        tr = transfers[t]
        expected[holders[tr["from"]]["account"]] -= tr["amount"]
        expected[holders[tr["to"]]["account"]] += tr["amount"]
    got = book["holders"]
    wrong = {a: (expected[a], got.get(a)) for a in expected if got.get(a) != expected[a]}
    if wrong:
        problems.append(f"{len(wrong)} balances differ from the accepted transfers "
                        f"(account: (expected, book)): {dict(list(wrong.items())[:10])}")
    negative = [a for a, b in got.items() if b < 0]
    if negative:
        problems.append(f"negative balances: {negative}")

    held = sum(got.values()) + book["buffer"]
    if not (held == book["issued"] == -book["issuance_account"]):
        problems.append(f"holders + buffer hold {held}, issued {book['issued']}, "
                        f"issuance account {book['issuance_account']}")
    seeded = sum(h["balance"] for h in holders)
    if sum(got.values()) != seeded:
        problems.append(f"the holders held {seeded} before and {sum(got.values())} after")
    moved = sum(transfers[t]["amount"] for t in accepted)
    if book["transfer_rows"] != len(accepted) or book["transfer_tokens"] != moved:
        problems.append(f"{book['transfer_rows']} transfer rows moving {book['transfer_tokens']}"
                        f" tokens, but {len(accepted)} keys accepted moving {moved}")

    report = {
        "accepted_keys": len(accepted),
        "transfer_rows": book["transfer_rows"],
        "tokens_moved": moved,
        "keys_not_accepted": len(by_key) - len(accepted),
        "resent_keys": sum(1 for rs in by_key.values() if len(rs) > 1),
        "resends_same_303": resends_same,
        "resends_refused_then_accepted": resends_refused_then_accepted,
        "resends_both_refused": resends_both_refused,
        "unavailable_503": sum(1 for r in results if r["status"] == 503),
        "issued": book["issued"],
        "holders_plus_buffer": held,
        "balances_match": not wrong,
        "problems": len(problems),
    }
    print(json.dumps(report))
    if problems:
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        raise SystemExit("the book does not match what the server answered")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "run":
        run(*sys.argv[2:5])
    elif len(sys.argv) == 5 and sys.argv[1] == "verify":
        verify(*sys.argv[2:5])
    else:
        raise SystemExit(__doc__)
