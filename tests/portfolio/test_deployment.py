"""The deployment files agree with each other: Procfile, compose.yaml, Dockerfile, lock files."""

import re
import tomllib

import yaml
from django.conf import settings

ROOT = settings.BASE_DIR


def procfile():
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_the_procfile_names_each_process_once():
    assert set(procfile()) == {"web", "worker", "clock", "release"}
    assert procfile()["web"] == "gunicorn portfolio.wsgi --config gunicorn.conf.py"


def test_compose_runs_every_process_of_the_procfile_from_one_image():
    services = compose()["services"]
    for name in ["release", "web", "worker", "clock"]:
        assert services[name]["command"] == ["bin/entrypoint", name]
        assert services[name]["image"] == "portfolio"
    assert services["web"]["deploy"]["replicas"] == 2


def test_compose_waits_for_healthy_services_and_the_release_step():
    services = compose()["services"]
    for name in ["web", "worker", "clock"]:
        needs = services[name]["depends_on"]
        assert needs["db"]["condition"] == "service_healthy"
        assert needs["redis"]["condition"] == "service_healthy"
        assert needs["release"]["condition"] == "service_completed_successfully"
    for name in ["db", "redis", "web"]:
        assert "healthcheck" in services[name]
    for name in ["web", "worker", "clock", "db", "redis"]:
        assert services[name]["restart"] == "unless-stopped"
    assert "database:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "database" in compose()["volumes"]


def test_compose_puts_the_front_cache_in_front_of_the_web_servers():
    front = compose()["services"]["front"]
    assert front["image"].startswith("nginx:")
    assert front["environment"]["APP_SERVER"] == "web:8000"
    template = "./deploy/nginx/front-cache.conf.template:/etc/nginx/templates/default.conf.template"
    assert f"{template}:ro" in front["volumes"]
    assert front["depends_on"]["web"]["condition"] == "service_healthy"
    assert "front-cache" in compose()["volumes"]
    # Visitors reach the web servers only through it.
    assert "ports" not in compose()["services"]["web"]
    # Every variable of the template is set for it, as bin/front-cache sets them.
    text = (ROOT / "deploy/nginx/front-cache.conf.template").read_text()
    variables = set(re.findall(r"\$\{(\w+)\}", text))
    assert variables == set(front["environment"])
    assert all(f"${{{name}}}" in (ROOT / "bin/front-cache").read_text() for name in variables)


def test_compose_requires_the_production_settings():
    environment = compose()["services"]["web"]["environment"]
    for name in ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "ADMIN_PATH", "CONTACT_RECIPIENTS"]:
        assert environment[name] == f"${{{name}:?set {name}}}"
    assert environment["CACHE_URL"].startswith("redis://")
    assert environment["DATABASE_URL"].startswith("postgres://")


def test_the_image_checks_its_health_and_leaves_out_what_it_does_not_run():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert "--require-hashes --no-deps -r requirements/app.txt" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"tests", ".ci", ".git", ".venv", ".env", "var"} <= set(ignored)


def pinned(lock):
    return dict(re.findall(r"^([a-z0-9._-]+)==(\S+)", (ROOT / lock).read_text(), re.M))


def declared(*groups):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    return {re.match(r"[A-Za-z0-9._-]+", r).group().lower().replace("_", "-") for r in requirements}


def test_the_lock_files_pin_every_declared_dependency_with_hashes():
    assert declared() <= set(pinned("requirements/app.txt"))
    assert declared("test") <= set(pinned("requirements/dev.txt"))
    for lock in ["requirements/app.txt", "requirements/dev.txt"]:
        text = (ROOT / lock).read_text()
        assert text.count("==") <= text.count("--hash=sha256:")
