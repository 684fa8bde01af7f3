"""Run the benchmark (see bench/run): start the site, load it with wrk, print a table."""

import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from crawlerdetect import CrawlerDetect

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "32").split(",")]
DATABASE = "portfolio_bench"
PAGES = {
    "home": "/",
    "/articles/": "/articles/",
    "an article": "/articles/bench-article-500/",
    "a project": "/projects/bench-project-10/",
    "a category page": "/articles/category/bench-category-3/",
    "search": "/search/?q=cache+latency",
    "a feed": "/articles/feed.atom",
}
STATIC_PATH = "/static/bench/home-sized.html"
HEADERS = {"Accept-Encoding": "br, gzip", "X-Forwarded-Proto": "https"}
ADMIN_PATH = "owner-desk/"
# The owner's Statistics page (stats.admin) over a year of statistics (bench.data), each
# requested STATISTICS_REQUESTS times after one request to warm up.
STATISTICS_PAGES = {
    "the site, 30 days": {"days": 30},
    "the site, 365 days": {"days": 365},
    "an article, 365 days": {"days": 365, "path": PAGES["an article"]},
}
STATISTICS_REQUESTS = 20
# The reading beacon a page loads (stats.views), as a desktop browser sends it from the site's
# own page: a crawler's User-Agent, or none (wrk's), is not counted.
BEACON = "/reading/view.gif?p=/articles/bench-article-1/&r=https%3A%2F%2Fwww.google.com%2F&s=1"
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BEACON_HEADERS = {"User-Agent": BROWSER, "Sec-Fetch-Site": "same-origin"}
# The anchor of each way: a static file of the home page's bytes, served by WhiteNoise in the
# app, and by nginx on its own (gzip_static: its .gz copy, as WhiteNoise serves its .br one;
# sendfile, as Debian's and the nginx image's configurations have it).
STATIC_NGINX = """
worker_processes auto; pid {run}/static.pid; error_log stderr warn;
events {{ worker_connections 1024; }}
http {{ access_log off; gzip_static on; sendfile on; tcp_nopush on;
  client_body_temp_path {run}/temp/body; proxy_temp_path {run}/temp/proxy;
  fastcgi_temp_path {run}/temp/fastcgi; uwsgi_temp_path {run}/temp/uwsgi;
  scgi_temp_path {run}/temp/scgi;
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def environment(static_root, cache_folder, port, database=DATABASE):
    return {
        **os.environ,
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CONTACT_RECIPIENTS": "owner@127.0.0.1",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        # The default cache, as on one host and with bin/serve: a folder the processes share.
        "CACHE_URL": f"filecache://{cache_folder}",
        "STATIC_ROOT": str(static_root),
        "BEHIND_PROXY": "true",
        "ADMIN_PATH": ADMIN_PATH,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "portfolio.settings",
    }


def start(command, env, health_url, log=subprocess.DEVNULL):
    """Start a server (a process group of its own) and wait until `health_url` answers."""
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.DEVNULL, start_new_session=True
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(health_url, timeout=2)
            return server
        except urllib.error.HTTPError:
            return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{command[0]} did not start")


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
    total = int(re.search(r"(\d+) requests in", output).group(1))
    return {"connections": connections, "rate": rate, "p50": latency["50"],
            "p99": latency["99"], "errors": errors, "requests": total}  # fmt: skip


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
client, counts = Client(), {}
for name, (path, headers) in json.loads(sys.argv[1]).items():
    with CaptureQueriesContext(connection) as queries:
        client.get(path, HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1", headers=headers)
    counts[name] = len(queries)
print(json.dumps(counts))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own (to the sign-in page, say), not followed."""

    def redirect_request(self, *args, **kwargs):
        return None


def time_page(url, headers):
    """Milliseconds taken by each of STATISTICS_REQUESTS requests for `url`, one after the other,
    after one to warm up; each must be answered 200."""
    opener = urllib.request.build_opener(NoRedirect)
    timings = []
    for n in range(STATISTICS_REQUESTS + 1):
        started = time.perf_counter()
        try:
            with opener.open(urllib.request.Request(url, headers=headers), timeout=60) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{url} answered {error.code}") from None
        if n:
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def check_beacon(url):
    """The beacon answers a browser's request with its image, or the run stops."""
    request = urllib.request.Request(url, headers=HEADERS | BEACON_HEADERS)
    try:
        with urllib.request.urlopen(request) as answer:
            status, kind = answer.status, answer.headers.get("Content-Type")
    except urllib.error.HTTPError as error:
        status, kind = error.code, error.headers.get("Content-Type")
    if status != 200 or kind != "image/gif":
        raise SystemExit(f"{url} answered {status} {kind}, not 200 image/gif")


def worker_memory(server):
    children = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(server.pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(rss) / 1024 for rss in children[1::2]]


def load_beside_static(static_url, pages):
    """Load each of `pages` ((name, url, extra headers)) at every connection count, with the
    static file loaded at that count before the first page and after each. Returns each page's
    results, the static file's runs, and for each page the better of the two static runs just
    beside it, the measure of its ratio: a slow moment of a shared machine then lowers a ratio
    instead of raising it."""
    results = {name: {} for name, _, _ in pages}
    beside = {name: {} for name, _, _ in pages}
    static_runs = []
    for c in CONNECTIONS:
        before = wrk(static_url, c)
        static_runs.append(before)
        for name, url, headers in pages:
            results[name][c] = wrk(url, c, headers)
            after = wrk(static_url, c)
            static_runs.append(after)
            beside[name][c] = max(before["rate"], after["rate"])
            before = after
    return results, static_runs, beside


def app_requests(log):
    """The requests the app has answered, once their count stops growing: when a wrk run ends,
    the requests it left in flight are still answered, and logged, after it."""
    count = None
    while True:
        now = sum("portfolio.request" in line for line in log.read_text().splitlines())
        if now == count:
            return count
        count = now
        time.sleep(0.5)


def main():
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    static_root.chmod(0o755)  # nginx's workers read it as another user
    run_dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    port, front_port, static_port = free_port(), free_port(), free_port()
    env = environment(static_root, run_dir / "cache", port)
    print(f"Data: PostgreSQL database {DATABASE}, the file cache; {SECONDS} s a run.")
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    loaded = run([PYTHON, "-m", "bench.load"], env, capture_output=True, text=True)
    owner = {"Cookie": f"sessionid={loaded.stdout.split()[-1]}"}
    made = re.search(r"^statistics: (.*)$", loaded.stderr, re.M).group(1)
    print(f"Statistics: {made}.")
    # Table statistics, as autovacuum gathers them some time after a bulk load; without them the
    # planner takes each table for a few rows.
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "ANALYZE", DATABASE],
                   check=True)  # fmt: skip
    run([PYTHON, "-m", "whitenoise.compress", str(static_root / "bench")], env,
        stdout=subprocess.DEVNULL)  # fmt: skip
    to_count = {name: [path, {}] for name, path in PAGES.items()}
    to_count["the reading beacon"] = [BEACON, BEACON_HEADERS]
    counted = run(
        [PYTHON, "-c", QUERY_COUNTER, json.dumps(to_count)], env, capture_output=True, text=True
    )
    queries = json.loads(  # after the request log lines
        next(line for line in reversed(counted.stdout.splitlines()) if line.startswith("{"))
    )
    if CrawlerDetect().is_crawler(BROWSER):
        raise SystemExit("The beacon's User-Agent is taken for a crawler's: it would not count.")
    (run_dir / "temp").mkdir()
    (run_dir / "static.conf").write_text(
        STATIC_NGINX.format(run=run_dir, port=static_port, root=static_root)
    )

    base, front = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{front_port}"
    app_log = run_dir / "app.log"
    servers = []
    try:
        with app_log.open("w") as log:
            servers.append(start(["bin/entrypoint", "web"], env | {"LOG_FORMAT": "text"},
                                 base + "/healthz", log))  # fmt: skip
        nginx_env = {"PATH": os.environ["PATH"], "FRONT_CACHE_RUN_DIR": str(run_dir)}
        servers.append(start(["bin/front-cache", str(port), str(front_port)], nginx_env,
                             front + "/healthz"))  # fmt: skip
        servers.append(start(["nginx", "-p", str(run_dir), "-c", str(run_dir / "static.conf"),
                              "-e", "stderr", "-g", "daemon off;"], nginx_env,
                             f"http://127.0.0.1:{static_port}/bench/home-sized.html"))  # fmt: skip
        for path in PAGES.values():  # fill the caches
            urllib.request.urlopen(urllib.request.Request(front + path, headers=HEADERS))
        byte_counts = {name: sizes(base, path) for name, path in PAGES.items()}
        byte_counts["static file"] = sizes(base, STATIC_PATH)
        byte_counts["the reading beacon"] = sizes(base, BEACON)

        # The owner's Statistics page, one request at a time on the quiet server.
        statistics_url = f"{base}/{ADMIN_PATH}statistics/?"
        timings = {
            name: time_page(statistics_url + urllib.parse.urlencode(query), HEADERS | owner)
            for name, query in STATISTICS_PAGES.items()
        }
        check_beacon(base + BEACON)
        check_beacon(front + BEACON)

        # The app alone: its own page cache, home rendered for the signed-in owner, and the
        # reading beacon (counted for each request).
        pages = [(name, base + path, None) for name, path in PAGES.items()]
        pages.append(("home, the owner's (rendered)", base + "/", owner))
        pages.append(("the reading beacon", base + BEACON, BEACON_HEADERS))
        alone, alone_static, alone_beside = load_beside_static(base + STATIC_PATH, pages)
        memory = worker_memory(servers[0])

        # Through the front cache.
        before = app_requests(app_log)
        pages = [(name, front + path, None) for name, path in PAGES.items()]
        nginx_static = f"http://127.0.0.1:{static_port}/bench/home-sized.html"
        through, front_static, front_beside = load_beside_static(nginx_static, pages)
        sent = sum(r["requests"] for by_c in through.values() for r in by_c.values())
        hit_ratio = 1 - (app_requests(app_log) - before) / sent
        # The beacon through the front cache, after the pages: nginx passes each to the app.
        beacon = [("the reading beacon", front + BEACON, BEACON_HEADERS)]
        beacon_through, beacon_static, beacon_beside = load_beside_static(nginx_static, beacon)
        through |= beacon_through
        front_static += beacon_static
        front_beside |= beacon_beside

        # The app stopped: what the front cache kept is still served.
        stop_server(servers.pop(0))
        time.sleep(2)  # every copy kept is past its s-maxage
        while_stopped = {}
        for name, path in PAGES.items():
            try:
                with urllib.request.urlopen(urllib.request.Request(front + path, headers=HEADERS)):
                    while_stopped[name] = 200
            except urllib.error.HTTPError as error:
                while_stopped[name] = error.code
    finally:
        for server in servers:
            stop_server(server)

    print()
    print(f"workers: {os.environ.get('WEB_CONCURRENCY', os.cpu_count())}, "
          f"threads: {os.environ.get('WEB_THREADS', 1)}; memory per worker after the run: "
          + ", ".join(f"{mb:.0f} MB" for mb in memory))  # fmt: skip
    for label, runs in [("WhiteNoise", alone_static), ("nginx", front_static)]:
        for c in CONNECTIONS:
            rates = [r["rate"] for r in runs if r["connections"] == c]
            print(f"the static file from {label} at {c} connections, over its {len(rates)} runs: "
                  f"{min(rates):,.0f}–{max(rates):,.0f} requests a second")  # fmt: skip
    for c in CONNECTIONS:
        best = max(r["rate"] for r in alone_static if r["connections"] == c)
        print(f"the reading beacon at {c} connections, to the static file from WhiteNoise at its "
              f"best: {alone['the reading beacon'][c]['rate'] / best:.2f}× from the app alone, "
              f"{through['the reading beacon'][c]['rate'] / best:.2f}× through nginx")  # fmt: skip
    print(f"front cache hit ratio under load (the pages): {hit_ratio:.4f}")
    print("with the app stopped, through the front cache: "
          + ", ".join(f"{name} {status}" for name, status in while_stopped.items()))  # fmt: skip
    print()
    columns = ["way", "page", "conns", "req/s", "p50", "p99", "errors", "× static",
               "queries rendered", "bytes raw/gzip/br"]  # fmt: skip
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    failures = 0
    for way, results, beside, static_runs in [
        ("app alone", alone, alone_beside, alone_static),
        ("front cache", through, front_beside, front_static),
    ]:
        best = {
            c: max(r["rate"] for r in static_runs if r["connections"] == c) for c in CONNECTIONS
        }
        rows = [*results.items(), ("static file", {c: next(
            r for r in static_runs if r["connections"] == c and r["rate"] == best[c])
            for c in CONNECTIONS})]  # fmt: skip
        for name, by_connections in rows:
            raw, gz, br = byte_counts.get(name, byte_counts["home"])
            for c, r in by_connections.items():
                ratio = r["rate"] / (beside[name][c] if name in beside else best[c])
                failures += r["errors"]
                print(
                    f"| {way} | {name} | {c} | {r['rate']:,.0f} | {r['p50']} | {r['p99']} | "
                    f"{r['errors']} | {ratio:.2f}× | {queries.get(name, '–')} | "
                    f"{raw or '–'} / {gz or '–'} / {br or '–'} |"
                )
    print()
    print("| Statistics page (the owner's) | requests | median | worst |")
    print("|---|---|---|---|")
    for name, timing in timings.items():
        print(f"| {name} | {len(timing)} | {statistics.median(timing):.0f} ms | "
              f"{max(timing):.0f} ms |")  # fmt: skip
    stale = [name for name, status in while_stopped.items() if status != 200]
    print()
    mailed = subprocess.run([PYTHON, "-m", "bench.newsletter"], cwd=ROOT, env=env)
    return 1 if failures or stale or mailed.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
