"""Serve the busiest pages at 10k needs x 10k offers and drive them with 20 concurrent users.

Builds a database with the real CLI (generated needs and offers, saved suggestions, a focal
point account), starts gunicorn with several workers on it, signs each simulated user in, then
for each page sends requests from 20 concurrent users (a bounded asyncio client on httpx) and
prints p50/p95 latency, requests per second and errors. Each simulated user waits a random think
time between its requests (0.5 to 1.5 s by default, like locust's ``between``) and sends its
first one after a random delay within that span: without it the 20 users would all send their
first request in the same millisecond, a burst no real group of users makes, which alone filled
the slowest 10% of a page's 200 requests. ``--think 0`` sends back to back from the start, a
stress test rather than 20 people. A bare baseline is measured in the same
run: the static favicon served by the same workers, i.e. the cost of the server and client alone.

Usage: ``python -m benchmarks.bench_serve [--size 10000] [--users 20] [--requests 400]
[--workers 4] [--think 1.0] [--database-url URL]``. Needs the ``bench`` extra (gunicorn,
httpx). Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.generate import write
from benchmarks.machine import describe

BIN = Path(sys.executable).parent
PASSWORD = "benchmark-password-2026"  # noqa: S105 - a throwaway benchmark account
FOCAL = "focal.bench@example.org"
PAGES = [
    ("static file (baseline)", "/static/img/favicon.svg"),
    ("dashboard", "/dashboard/"),
    ("suggestion queue", "/console/queue"),
    ("suggestion queue, filtered", "/console/queue?region=Africa&priority=high"),
    ("offer list, filtered", "/offers/?region=Africa&topic=incident-response"),
    ("need list, search", "/needs/?q=forensics&sort=priority"),
    ("offer page, with the needs it fits", "/offers/GO-000005"),
    ("calendar feed (.ics)", "/calendar.ics"),
]


def _run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.strip()}")
    return time.perf_counter() - started


def build(root: Path, size: int, env: dict[str, str]) -> None:
    """Fill the database: reference data, generated records, suggestions, one focal point."""
    needs, offers = write(root, size, size)
    cbmatch = str(BIN / "cbmatch")
    steps = [
        ("init", [cbmatch, "init"]),
        ("import needs", [cbmatch, "import", "needs", str(needs)]),
        ("import offers", [cbmatch, "import", "offers", str(offers)]),
        ("match --save", [cbmatch, "match", "--top", "5", "--save", "--format", "json"]),
        (
            "focal point",
            [
                cbmatch,
                "users",
                "create",
                "--email",
                FOCAL,
                "--name",
                "Bench Focal",
                "--role",
                "focal_point",
                "--password",
                PASSWORD,
            ],
        ),
    ]
    for label, args in steps:
        print(f"  {label}: {_run(args, env):.1f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Gunicorn on the app factory; returns once it answers."""
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise SystemExit("gunicorn did not answer within 60 s")


async def signed_in_client(base: str) -> httpx.AsyncClient:
    """A client holding a focal point session (the login form carries a CSRF token)."""
    client = httpx.AsyncClient(base_url=base, timeout=30)
    page = await client.get("/auth/login")
    token = page.text.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    r = await client.post("/auth/login", data={"csrf_token": token, "email": FOCAL,
                                                "password": PASSWORD})  # fmt: skip
    if r.status_code != 302:
        raise SystemExit(f"sign-in failed: {r.status_code}")
    return client


@dataclass
class Result:
    label: str
    latencies: list[float]
    errors: int
    seconds: float

    def row(self) -> tuple[str, ...]:
        lat = sorted(self.latencies)
        n = len(lat) + self.errors
        if not lat:  # every request failed: no latency to report
            return (self.label, str(n), f"{n / self.seconds:.0f}", "-", "-", str(self.errors))
        p50 = statistics.median(lat) * 1000
        p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] * 1000
        return (self.label, str(n), f"{n / self.seconds:.0f}", f"{p50:.0f}", f"{p95:.0f}",
                str(self.errors))  # fmt: skip


async def drive(
    clients: list[httpx.AsyncClient], label: str, url: str, total: int, think: float
) -> Result:
    """``total`` requests of ``url`` shared by the clients, each user one request at a time."""
    latencies: list[float] = []
    errors = 0
    failures: dict[int | str, int] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)

    async def user(client: httpx.AsyncClient) -> None:
        nonlocal errors
        if think:  # users arrive at their own time, as locust's spawn rate staggers them
            await asyncio.sleep(random.uniform(0, 1.5 * think))
        while not queue.empty():
            queue.get_nowait()
            started = time.perf_counter()
            try:
                r = await client.get(url)
                ok = r.status_code == 200
                if not ok:
                    failures[r.status_code] = failures.get(r.status_code, 0) + 1
            except httpx.HTTPError as exc:
                ok = False
                failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
            if think:
                await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))

    started = time.perf_counter()
    await asyncio.gather(*(user(c) for c in clients))
    if failures:
        print(f"  {label}: failed requests by status or error: {failures}", flush=True)
    return Result(label, latencies, errors, time.perf_counter() - started)


async def measure(base: str, users: int, total: int, think: float) -> list[Result]:
    clients = [await signed_in_client(base) for _ in range(users)]
    results = []
    try:
        for label, url in PAGES:
            probe = await clients[0].get(url)
            if probe.status_code == 404:
                print(f"  {label}: {url} is not in this build, skipped")
                continue
            await drive(clients, label, url, users * 2, 0)  # warm every worker's caches
            results.append(await drive(clients, label, url, total, think))
    finally:
        for c in clients:
            await c.aclose()
    return results


def main() -> None:
    """Build, serve, drive, print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="per page")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    print(describe())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = args.database_url or f"sqlite:///{root / 'serve.sqlite'}"
        env = {**os.environ, "CBMATCH_DATABASE_URL": url, "CBMATCH_SECRET_KEY": "benchmark",
               "CBMATCH_LOGIN_RATE_LIMIT": "100000 per minute",
               # plain http on 127.0.0.1: the client must get the session cookie back
               "CBMATCH_SESSION_COOKIE_SECURE": "false",
               "CBMATCH_REMEMBER_COOKIE_SECURE": "false"}  # fmt: skip
        print(f"building {args.size} needs x {args.size} offers on {url.split(':', 1)[0]}:")
        build(root, args.size, env)
        port = free_port()
        server = start_server(port, args.workers, env)
        try:
            results = asyncio.run(
                measure(f"http://127.0.0.1:{port}", args.users, args.requests, args.think)
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    header = ("page", "requests", "req/s", "p50 ms", "p95 ms", "errors")
    rows = [header, *(r.row() for r in results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    print(f"gunicorn {args.workers} workers, {args.users} concurrent users (think time "
          f"{args.think:g} s on average), {args.size} needs x {args.size} offers:")  # fmt: skip
    for r in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths, strict=True))))  # fmt: skip


if __name__ == "__main__":
    main()
