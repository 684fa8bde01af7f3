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
import urllib.error
import urllib.request
from pathlib import Path

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
# The anchor of each way: a static file of the home page's bytes, served by WhiteNoise in the
# app, and by nginx on its own (gzip_static: its .gz copy, as WhiteNoise serves its .br one).
STATIC_NGINX = """
worker_processes auto; pid {run}/static.pid; error_log stderr warn;
events {{ worker_connections 1024; }}
http {{ access_log off; gzip_static on; client_body_temp_path {run}/temp/body;
  proxy_temp_path {run}/temp/proxy; fastcgi_temp_path {run}/temp/fastcgi;
  uwsgi_temp_path {run}/temp/uwsgi; scgi_temp_path {run}/temp/scgi;
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
        "ADMIN_PATH": "owner-desk/",
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
for name, path in json.loads(sys.argv[1]).items():
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
    return sum("portfolio.request" in line for line in log.read_text().splitlines())


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
    # Table statistics, as autovacuum gathers them some time after a bulk load; without them the
    # planner takes each table for a few rows.
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "ANALYZE", DATABASE],
                   check=True)  # fmt: skip
    run([PYTHON, "-m", "whitenoise.compress", str(static_root / "bench")], env,
        stdout=subprocess.DEVNULL)  # fmt: skip
    counted = run(
        [PYTHON, "-c", QUERY_COUNTER, json.dumps(PAGES)], env, capture_output=True, text=True
    )
    queries = json.loads(counted.stdout.splitlines()[-1])  # after the request log lines
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

        # The app alone: its own page cache, and home rendered for the signed-in owner.
        pages = [(name, base + path, None) for name, path in PAGES.items()]
        pages.append(("home, the owner's (rendered)", base + "/", owner))
        alone, alone_static, alone_beside = load_beside_static(base + STATIC_PATH, pages)
        memory = worker_memory(servers[0])

        # Through the front cache.
        before = app_requests(app_log)
        pages = [(name, front + path, None) for name, path in PAGES.items()]
        through, front_static, front_beside = load_beside_static(
            f"http://127.0.0.1:{static_port}/bench/home-sized.html", pages
        )
        sent = sum(r["requests"] for by_c in through.values() for r in by_c.values())
        hit_ratio = 1 - (app_requests(app_log) - before) / sent

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
    print(f"front cache hit ratio under load: {hit_ratio:.4f}")
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
    stale = [name for name, status in while_stopped.items() if status != 200]
    return 1 if failures or stale else 0


if __name__ == "__main__":
    sys.exit(main())
