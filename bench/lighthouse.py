"""Run Lighthouse (see bench/lighthouse) on four pages, mobile and desktop; print the scores.

Arguments, if any, name the pages to run (`bench/lighthouse home contact`).
"""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import PYTHON, ROOT, environment, free_port, run, start_server, stop_server

DATABASE = "portfolio_lighthouse"
PAGES = {
    "home": "/",
    "an article": "/articles/rate-limiter-in-pure-python/",
    "a project": "/projects/meshengine/",
    "contact": "/contact/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The timings shown beside the scores.
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}
ATTEMPTS = 3
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def lighthouse(url, form_factor):
    """The four category scores of one page (0 to 100), its timings, and the audits it fails."""
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-path={shutil.which('chromium')}", f"--chrome-flags={CHROME_FLAGS}",
        # The site sits behind a TLS proxy in production; here it is told so, as the proxy would.
        "--extra-headers", json.dumps({"X-Forwarded-Proto": "https"}),
    ]  # fmt: skip
    if form_factor == "desktop":
        command.append("--preset=desktop")
    for _ in range(ATTEMPTS):
        finished = subprocess.run(command, capture_output=True, text=True)
        # Lighthouse sometimes misses the start of Chromium's trace, and asks to be run again.
        if "NO_NAVSTART" not in finished.stderr:
            break
    if finished.returncode:
        raise SystemExit(f"Lighthouse failed on {url} ({form_factor}):\n{finished.stderr[-2000:]}")
    report = json.loads(finished.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not run on {url}: {report['runtimeError']}")
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    # A category whose audits could not run has no score: reported as 0, never as a pass.
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    for audit, label in METRICS.items():
        scores[label] = report["audits"][audit]["displayValue"].replace("\xa0", " ")
    return scores, failing


def main():
    static_root = Path(tempfile.mkdtemp(prefix="lighthouse-static-"))
    port = free_port()
    env = environment(static_root, port, database=DATABASE, redis_database=13)
    # Lighthouse fetches robots.txt without the extra header; loopback has no TLS to redirect to.
    env["SECURE_SSL_REDIRECT"] = "false"
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    subprocess.run(["redis-cli", "-n", "13", "flushdb"], check=True, stdout=subprocess.DEVNULL)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run(["bin/release"], env, stdout=subprocess.DEVNULL)
    server = start_server(env)
    rows, below = [], []
    try:
        for form_factor in ["mobile", "desktop"]:
            for name, path in PAGES.items():
                if sys.argv[1:] and name not in sys.argv[1:]:
                    continue
                scores, failing = lighthouse(f"http://127.0.0.1:{port}{path}", form_factor)
                rows.append((name, form_factor, scores))
                if min(scores[c] for c in CATEGORIES) < 100:
                    below.append(f"{name} ({form_factor}): {', '.join(failing) or '?'}")
    finally:
        stop_server(server)
        shutil.rmtree(static_root, ignore_errors=True)

    columns = [*CATEGORIES, *METRICS.values()]
    print("| page | device | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    for name, form_factor, scores in rows:
        print(f"| {name} | {form_factor} | " + " | ".join(str(scores[c]) for c in columns) + " |")
    if below:
        print("\nBelow 100, with the audits that did not pass:\n" + "\n".join(below))
        sys.exit(1)


if __name__ == "__main__":
    main()
