"""The database restart drill. On its own PostgreSQL instance (never the shared one): migrate, load a small
registry, serve the app with gunicorn as production does (DEBUG off), keep officials, reviewers and leaders busy
for a bounded time, restart PostgreSQL in fast mode and then in immediate mode, and afterwards look for every
acknowledged write in the database."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings

from .clients import Leader, Official, Reviewer
from .data import DECIDING_REVIEWER, LEADER, OFFICIALS, PASSWORD
from .postgres import TemporaryCluster, free_port

RECOVERY_LIMIT = 30.0  # seconds after the server is back within which the app must answer again


@dataclass
class Restart:
    mode: str
    started: float
    back: float  # pg_ctl returned: the server accepts connections
    recovered: float | None = None  # the first successful answer to a request sent once the server was back
    errors: int = 0

    @property
    def server_away(self) -> float:
        return self.back - self.started

    @property
    def time_to_recover(self) -> float | None:
        return None if self.recovered is None else self.recovered - self.back


@dataclass
class Report:
    seconds: float
    clients: int
    requests: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    restarts: list[Restart] = field(default_factory=list)
    errors_outside_outages: int = 0
    acknowledged: dict[str, int] = field(default_factory=dict)
    lost: list[dict] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    by_kind: dict[str, dict] = field(default_factory=dict)  # kind of request -> outcome counts, median time
    outside: list[str] = field(default_factory=list)  # the errors outside the outages, described

    @property
    def failures(self) -> list[str]:
        found = []
        if self.lost:
            found.append(f"{len(self.lost)} acknowledged writes are not in the database")
        if any(restart.recovered is None for restart in self.restarts):
            found.append(f"the app did not answer again within {RECOVERY_LIMIT:.0f} s of a restart")
        if not sum(self.acknowledged.values()):
            found.append("no write was acknowledged: nothing was proven")
        found += [f"a client stopped: {crash}" for crash in self.crashed]
        return found


def app_environment(database_url: str, media_root: Path, port: int) -> dict:
    """Production settings (DEBUG off, gunicorn), on loopback over plain HTTP, mail kept in memory."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "restart-drill-only-secret-key-0123456789abcdefghijklmnop",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def manage(env: dict, *args: str) -> str:
    process = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args], env=env, capture_output=True, text=True
    )
    if process.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{process.stdout}{process.stderr}")
    return process.stdout


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "30",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
    ]
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)


def wait_until_serving(base_url: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(base_url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz within 30 s")


def share(items: list, parts: int, index: int) -> list:
    return items[index::parts] or items


def build_clients(count: int, base_url: str, data: dict, stop: threading.Event, go: threading.Event) -> list:
    """Officials, reviewers and leaders in turn; each official and reviewer works on records of its own, so
    two sessions never edit the same model (a refusal is not what the drill is about)."""
    plan = [("official", "reviewer", "leader")[i % 3] for i in range(count)]
    officials = [i for i, role in enumerate(plan) if role == "official"]
    reviewers = [i for i, role in enumerate(plan) if role == "reviewer"]
    clients = []
    for index, role in enumerate(plan):
        if role == "official":
            position = officials.index(index)
            username = OFFICIALS[position % len(OFFICIALS)]
            same_user = [i for n, i in enumerate(officials) if OFFICIALS[n % len(OFFICIALS)] == username]
            drafts = share(data["drafts"][username], len(same_user), same_user.index(index))
            clients.append(Official(base_url, username, PASSWORD, stop, go, drafts=drafts))
        elif role == "reviewer":
            models = share(data["recognised"], len(reviewers), reviewers.index(index))
            clients.append(Reviewer(base_url, DECIDING_REVIEWER, PASSWORD, stop, go, models=models))
        else:
            clients.append(Leader(base_url, LEADER, PASSWORD, stop, go))
    return clients


def wait_for_answer(people: list, *, since: float, limit: float) -> float | None:
    """When the app first answered (not with an error) a request sent after `since`; None if not within `limit`."""
    deadline = since + limit
    while time.monotonic() < deadline:
        answered = [
            sample.ended
            for person in people
            for sample in list(person.samples)
            if sample.outcome in ("ok", "refused") and sample.started >= since
        ]
        if answered:
            return min(answered)
        time.sleep(0.05)
    return None


def summarise(report: Report, clients: list, restarts: list[Restart]) -> None:
    samples = [sample for client in clients for sample in client.samples]
    report.requests = len(samples)
    for sample in samples:
        report.outcomes[sample.outcome] = report.outcomes.get(sample.outcome, 0) + 1
    bad = [s for s in samples if s.outcome in ("error", "failed")]
    for sample in bad:
        window = next(
            (r for r in restarts if r.started <= sample.ended <= (r.recovered or r.back + RECOVERY_LIMIT)), None
        )
        if window:
            window.errors += 1
        else:
            report.errors_outside_outages += 1
            report.outside.append(f"{sample.kind}: {sample.outcome} {sample.status or ''}".strip())
    for kind in sorted({sample.kind for sample in samples}):
        of_kind = [sample for sample in samples if sample.kind == kind]
        counts = {
            outcome: sum(1 for s in of_kind if s.outcome == outcome) for outcome in ("ok", "refused", "error", "failed")
        }
        answered = sorted(s.ended - s.started for s in of_kind if s.outcome in ("ok", "refused"))
        median = answered[len(answered) // 2] if answered else None
        report.by_kind[kind] = {**counts, "median_ms": None if median is None else round(median * 1000)}
    report.restarts = restarts
    for client in clients:
        for ack in client.acks:
            report.acknowledged[ack["kind"]] = report.acknowledged.get(ack["kind"], 0) + 1
        if client.crashed is not None:
            report.crashed.append(f"{client.username}: {client.crashed!r}")


def run_drill(*, seconds: float, clients: int, workers: int, say=print) -> Report:
    report = Report(seconds=seconds, clients=clients)
    cluster = TemporaryCluster()
    workdir = Path(tempfile.mkdtemp(prefix="restart-drill-"))
    gunicorn = None
    try:
        setup_started = time.monotonic()
        cluster.create()
        say(f"PostgreSQL {cluster.bin.parent.name} of the drill's own on 127.0.0.1:{cluster.port} ({cluster.folder})")
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        env = app_environment(cluster.url, workdir / "media", port)
        manage(env, "migrate", "--noinput")
        data = json.loads(manage(env, "load_drill_data", "--force", "--json"))
        say(f"Loaded {sum(map(len, data['drafts'].values()))} drafts and {len(data['recognised'])} recognised models")
        log = workdir / "gunicorn.log"
        gunicorn = start_gunicorn(env, port, workers, log)
        wait_until_serving(base_url, gunicorn, log)
        say(f"Ready in {time.monotonic() - setup_started:.0f} s (initdb, migrate, data, gunicorn)")
        say(f"gunicorn ({workers} workers, DEBUG off) on {base_url}; {clients} clients for {seconds:.0f} s")

        stop, go = threading.Event(), threading.Event()
        people = build_clients(clients, base_url, data, stop, go)
        for person in people:
            person.start()
        for person in people:
            if not person.ready.wait(timeout=120):
                raise RuntimeError(f"{person.username} could not log in within 120 s")
        go.set()
        started = time.monotonic()
        restarts = []
        # Each restart waits until the app answered again after the previous one, so the outages never overlap.
        for mode, at in (("fast", 0.2), ("immediate", 0.5)):
            time.sleep(max(0.0, started + seconds * at - time.monotonic()))
            begun = time.monotonic()
            cluster.restart(mode)
            restart = Restart(mode, begun, time.monotonic())
            restart.recovered = wait_for_answer(people, since=restart.back, limit=RECOVERY_LIMIT)
            restarts.append(restart)
            say(f"  restarted PostgreSQL ({mode}) at {begun - started:.1f} s; away {restart.server_away:.1f} s")
            time.sleep(2)  # some steady traffic before the next restart or the end
        time.sleep(max(0.0, started + seconds - time.monotonic()))
        stop.set()
        for person in people:
            person.join(timeout=30)

        acks = [ack for person in people for ack in person.acks]
        acks_file = workdir / "acknowledged.jsonl"
        acks_file.write_text("".join(json.dumps(ack, ensure_ascii=False) + "\n" for ack in acks), encoding="utf-8")
        report.lost = json.loads(manage(env, "check_acknowledged_writes", str(acks_file)))["lost"]
        summarise(report, people, restarts)
        if report.failures:
            say(f"gunicorn's log ends with:\n{log.read_text(errors='replace')[-4000:]}")
        return report
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
        cluster.remove()
        shutil.rmtree(workdir, ignore_errors=True)
