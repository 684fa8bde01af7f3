"""Run the benchmark (see bench/run): start the site, load it with wrk, print a table."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
CONNECTIONS = [1, 8, 32]
DATABASE = "portfolio_bench"
PAGES = {
    "home": "/",
    "/articles/": "/articles/",
    "an article": "/articles/bench-article-500/",
    "a project": "/projects/bench-project-10/",
    "a category page": "/articles/category/bench-category-3/",
    "search": "/search/?q=cache+latency",
    "a feed": "/articles/feed.atom",
    "static file, home's size": "/static/bench/home-sized.html",
}
STATIC = "static file, home's size"  # the measure of every ratio
HEADERS = {"Accept-Encoding": "br, gzip", "X-Forwarded-Proto": "https"}
# Every request above comes from a new visitor, as wrk keeps no cookies: a page holding the
# contact form draws a CSRF secret for each. A visitor back with the token cookie only has it
# masked afresh.
RETURNING = ("home, a returning visitor", "/", {"Cookie": "csrftoken=" + "a1" * 16})


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def environment(static_root, port, page_cache=True, database=DATABASE, redis_database=14):
    return {
        **os.environ,
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CONTACT_RECIPIENTS": "owner@127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "CACHE_URL": f"redis://127.0.0.1:6379/{redis_database}",
        "STATIC_ROOT": str(static_root),
        "BEHIND_PROXY": "true",
        "ADMIN_PATH": "owner-desk/",
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "PAGE_CACHE": "true" if page_cache else "false",
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
    }


def start_server(env):
    server = subprocess.Popen(
        ["bin/entrypoint", "web"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{env['PORT']}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wrk(url, connections, extra_headers=None):
    headers = HEADERS | (extra_headers or {})
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{SECONDS}s", "--latency",
         "--timeout", "10s", *header_args, url],
        capture_output=True, text=True, check=True, timeout=SECONDS + 60,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return {"connections": connections, "rate": rate, "p50": latency["50"],
            "p99": latency["99"], "errors": errors}  # fmt: skip


def milliseconds(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def sizes(base, path):
    """Response bytes: identity, gzip, br."""
    result = []
    for encoding in ["identity", "gzip", "br"]:
        request = urllib.request.Request(
            base + path, headers={"Accept-Encoding": encoding, "X-Forwarded-Proto": "https"}
        )
        with urllib.request.urlopen(request) as response:
            served = response.headers.get("Content-Encoding", "identity")
            body = response.read()
        result.append(len(body) if served == encoding else None)
    return result


QUERY_COUNTER = """
import django, json, sys; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core.cache import content_changed
from core.site import site_data
client, counts = Client(), {}
for name, path in json.loads(sys.argv[1]).items():
    content_changed()  # no page, nor part of one, in the cache
    site_data()  # read again once after each edit, and shared by every page
    with CaptureQueriesContext(connection) as queries:
        client.get(path, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    counts[name] = len(queries)
print(json.dumps(counts))
"""


def worker_memory(server):
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(rss) / 1024 for rss in children[1::2]]


def load_beside_static(base, pages):
    """Load each of `pages` ((name, path, extra headers)) at every connection count, with the
    static file loaded at that count before the first page and after each. Returns each page's
    results, the static file's runs, and for each page the better of the two static runs just
    beside it, the measure of its ratio: a slow moment of a shared machine then lowers a ratio
    instead of raising it."""
    static_url = base + PAGES[STATIC]
    results = {name: {} for name, _, _ in pages}
    beside = {name: {} for name, _, _ in pages}
    static_runs = []
    for c in CONNECTIONS:
        before = wrk(static_url, c)
        static_runs.append(before)
        for name, path, headers in pages:
            results[name][c] = wrk(base + path, c, headers)
            after = wrk(static_url, c)
            static_runs.append(after)
            beside[name][c] = max(before["rate"], after["rate"])
            before = after
    return results, static_runs, beside


def main():
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    port = free_port()
    env = environment(static_root, port)
    print(f"Data: PostgreSQL database {DATABASE}, Redis database 14; {SECONDS} s a run.")
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    subprocess.run(["redis-cli", "-n", "14", "flushdb"], check=True, stdout=subprocess.DEVNULL)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "-m", "bench.load"], env, stdout=subprocess.DEVNULL)
    # Table statistics, as autovacuum gathers them some time after a bulk load; without them the
    # planner takes each table for a few rows.
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "ANALYZE", DATABASE],
                   check=True)  # fmt: skip
    run(
        [PYTHON, "-m", "whitenoise.compress", str(static_root / "bench")],
        env,
        stdout=subprocess.DEVNULL,
    )
    counted = run(
        [PYTHON, "-c", QUERY_COUNTER, json.dumps(PAGES)], env, capture_output=True, text=True
    )
    queries = json.loads(counted.stdout.splitlines()[-1])  # after the request log lines

    base = f"http://127.0.0.1:{port}"
    server = start_server(env)
    try:
        for path in PAGES.values():  # fill the page cache
            urllib.request.urlopen(urllib.request.Request(base + path, headers=HEADERS))
        byte_counts = {name: sizes(base, path) for name, path in PAGES.items()}
        pages = [(name, path, None) for name, path in PAGES.items() if name != STATIC]
        results, static_runs, beside = load_beside_static(base, [*pages, RETURNING])
        returning = RETURNING[0]
        byte_counts[returning], queries[returning] = byte_counts["home"], queries["home"]
        memory = worker_memory(server)
    finally:
        stop_server(server)

    # Home on a page-cache miss: the same server with the page cache off. The home page's sections
    # are still cached, each under the versions of the apps it shows: this is home after an edit
    # that none of them shows (the first request after an edit renders those that do).
    env_off = environment(static_root, free_port(), page_cache=False)
    server = start_server(env_off)
    try:
        off = f"http://127.0.0.1:{env_off['PORT']}"
        urllib.request.urlopen(urllib.request.Request(off + "/", headers=HEADERS))  # its sections
        missed, more_static_runs, more_beside = load_beside_static(
            off, [("home, cache off", "/", None)]
        )
    finally:
        stop_server(server)
    results |= missed
    static_runs += more_static_runs
    beside |= more_beside
    byte_counts["home, cache off"] = byte_counts["home"]
    queries["home, cache off"] = queries["home"]
    # The static file's row: the best of its runs.
    results[STATIC] = {
        c: max((run for run in static_runs if run["connections"] == c), key=lambda r: r["rate"])
        for c in CONNECTIONS
    }
    beside[STATIC] = {c: results[STATIC][c]["rate"] for c in CONNECTIONS}

    print()
    print(f"workers: {os.environ.get('WEB_CONCURRENCY', os.cpu_count())}, "
          f"threads: {os.environ.get('WEB_THREADS', 1)}; memory per worker after the run: "
          + ", ".join(f"{mb:.0f} MB" for mb in memory))  # fmt: skip
    for c in CONNECTIONS:
        rates = [run["rate"] for run in static_runs if run["connections"] == c]
        print(f"the static file at {c} connections, over its {len(rates)} runs: "
              f"{min(rates):,.0f}–{max(rates):,.0f} requests a second")  # fmt: skip
    print()
    columns = ["page", "conns", "req/s", "p50", "p99", "errors", "× static", "queries on a miss",
               "bytes raw/gzip/br"]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, by_connections in results.items():
        raw, gz, br = byte_counts[name]
        for c, r in by_connections.items():
            ratio = r["rate"] / beside[name][c]
            print(
                f"| {name} | {c} | {r['rate']:,.0f} | {r['p50']} | {r['p99']} | {r['errors']} | "
                f"{ratio:.2f}× | {queries.get(name, 0)} | "
                f"{raw or '–'} / {gz or '–'} / {br or '–'} |"
            )
    failures = [name for name, by_c in results.items() for r in by_c.values() if r["errors"]]
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
