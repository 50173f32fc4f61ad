#!/usr/bin/env python3
"""Casts one ballot per voter into one vote, all at once, against a running Pactum.

Used by tests/load/ballots.sh (which starts the server and seeds the voters). Standard
library only. Each voter signs in from its own forwarded address (the server trusts
X-Forwarded-For, as behind a reverse proxy, so the per-address sign-in limit applies
per voter), opens the vote page for its CSRF token, then all voters wait at a barrier
and post their ranked ballots together. After the vote closes, the script checks that
the published list holds exactly one ballot per voter, that every voter's tracker is
found, and that the counts on the result agree.

    ballots.py BASE_URL SLUG VOTE_ID VOTERS PASSWORD
"""

import concurrent.futures
import http.client
import http.cookies
import json
import random
import re
import sys
import threading
import time
import urllib.parse

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TRACKER = re.compile(r'class="receipt"><strong>[^<]*</strong> <code>([^<]+)</code>')
MEMBER = re.compile(r'name="member" value="(\d+)"')


class Client:
    """One voter's HTTP/1.1 connection with its cookies."""

    def __init__(self, base, ip):
        u = urllib.parse.urlsplit(base)
        self.host, self.port, self.origin = u.hostname, u.port, base
        self.ip = ip
        self.cookies = {}
        self.conn = None

    def request(self, method, path, fields=None):
        body = urllib.parse.urlencode(fields, doseq=True) if fields is not None else None
        headers = {"X-Forwarded-For": self.ip, "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                res = self.conn.getresponse()
                data = res.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for h in res.headers.get_all("Set-Cookie") or []:
            c = http.cookies.SimpleCookie()
            c.load(h)
            for k, m in c.items():
                self.cookies[k] = m.value
        return res.status, data


def prepare(base, path, n, password):
    """Signs voter n in and reads the ballot form: the client, its token, its seat."""
    c = Client(base, f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")
    status, page = c.request("GET", "/signin")
    token = CSRF.search(page).group(1)
    status, _ = c.request(
        "POST",
        "/signin",
        {"csrf_token": token, "next": "", "email": f"voter{n}@load.example", "password": password},
    )
    if status != 303:
        raise RuntimeError(f"voter {n}: sign-in answered {status}")
    status, page = c.request("GET", path)
    if status != 200:
        raise RuntimeError(f"voter {n}: the vote page answered {status}")
    seat = MEMBER.search(page)
    if not seat:
        raise RuntimeError(f"voter {n}: no ballot form on the vote page")
    return c, CSRF.search(page).group(1), seat.group(1)


def main():
    base, slug, vote, voters, password = sys.argv[1:6]
    voters = int(voters)
    path = f"/assemblies/{slug}/votes/{vote}"
    rng = random.Random(2026)
    workers = min(voters, 1000)

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=64) as pool:
        ready = list(pool.map(lambda n: prepare(base, path, n, password), range(voters)))
    print(f"signed in and read the form: {voters} voters in {time.monotonic() - t0:.1f} s",
          file=sys.stderr)

    # Every voter ranks a random order of the four options.
    ballots = []
    for _ in range(voters):
        order = rng.sample([1, 2, 3, 4], k=rng.randint(1, 4))
        ballots.append({f"rank-{o}": str(r + 1) for r, o in enumerate(order)})

    barrier = threading.Barrier(workers)
    results = [None] * voters

    def cast(n):
        c, token, seat = ready[n]
        fields = dict(ballots[n], csrf_token=token, member=seat)
        if n < workers:
            barrier.wait()
        t = time.monotonic()
        status, page = c.request("POST", f"{path}/ballot", fields)
        took = time.monotonic() - t
        m = TRACKER.search(page)
        results[n] = (status, m.group(1) if m else None, took)

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(cast, range(voters)))
    wall = time.monotonic() - t0
    ok = [r for r in results if r[0] == 200 and r[1]]
    lat = sorted(r[2] for r in results)
    pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
    statuses = {}
    for r in results:
        statuses[r[0]] = statuses.get(r[0], 0) + 1
    print(json.dumps({
        "voters": voters,
        "concurrent": workers,
        "accepted": len(ok),
        "statuses": statuses,
        "wall_s": round(wall, 2),
        "ballots_per_s": round(len(ok) / wall, 1) if wall else None,
        "latency_ms": {"p50": round(pct(0.5)), "p90": round(pct(0.9)), "p99": round(pct(0.99)),
                       "max": round(lat[-1] * 1000)},
    }))
    trackers = [r[1] for r in ok]
    if len(set(trackers)) != len(trackers):
        raise SystemExit("two voters got the same tracker")
    # Voting twice without the tracker is refused (one voter, as a spot check).
    c, token, seat = ready[0]
    status, _ = c.request("POST", f"{path}/ballot", {"csrf_token": token, "member": seat, "rank-1": "1"})
    if status != 409:
        raise SystemExit(f"a second ballot without the tracker answered {status}, not 409")
    with open(sys.argv[6], "w") if len(sys.argv) > 6 else open("/dev/null", "w") as f:
        f.write("\n".join(trackers))
    if len(ok) != voters:
        raise SystemExit(f"only {len(ok)} of {voters} ballots were accepted: {statuses}")


def verify(base, slug, vote, voters, trackers_file, wait_s=180):
    """After closing: one published ballot per voter, every tracker found."""
    path = f"/assemblies/{slug}/votes/{vote}"
    c = Client(base, "10.255.255.254")
    deadline = time.monotonic() + wait_s
    while True:
        status, body = c.request("GET", f"/api/v1/assemblies/{slug}/votes/{vote}")
        if status != 200:
            raise SystemExit(f"the vote's open data answered {status}")
        v = json.loads(body)
        if v.get("state") == "closed":
            break
        if time.monotonic() > deadline:
            raise SystemExit("the vote did not close in time")
        time.sleep(2)
    status, hashes = c.request("GET", f"{path}/hashes.txt")
    lines = [h for h in hashes.splitlines() if h]
    status, blt = c.request("GET", f"{path}/ballots")
    ballots = sum(int(line.split()[0]) for line in blt.splitlines()[1:] if re.match(r"^\d+ \d", line))
    trackers = open(trackers_file).read().split()
    _, page = c.request("GET", path)
    token = CSRF.search(page).group(1)

    def found(t):
        k = Client(base, "10.255.255.253")
        k.cookies = dict(c.cookies)
        status, page = k.request("POST", f"{path}/check", {"csrf_token": token, "tracker": t})
        return status == 200 and "Your ballot is counted" in page

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        counted = sum(pool.map(found, trackers))
    report = {
        "state": v.get("state"),
        "published_hashes": len(lines),
        "ballots_in_blt": ballots,
        "trackers_found": counted,
        "ballots_cast": v.get("ballots_cast"),
        "winners": v.get("winners"),
    }
    print(json.dumps(report))
    if not (len(lines) == ballots == counted == v.get("ballots_cast") == voters):
        raise SystemExit(f"lost or double-counted ballots: {report}")


if __name__ == "__main__":
    if sys.argv[1] == "verify":
        verify(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6],
               int(sys.argv[7]) if len(sys.argv) > 7 else 180)
    else:
        main()
