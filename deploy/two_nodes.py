"""The proof that the app scales out: two app nodes (gunicorn on two loopback ports) sharing one PostgreSQL
database, one Redis database and one S3 store (moto's server), with two job workers (`jobs_worker`).

It shows, across the nodes:
  1. a session made on node A works on node B;
  2. a file uploaded on A downloads from B, and B refuses it to a user who may not see it;
  3. a report started on A is built by the worker, its progress read on B, and downloaded from B;
  4. a change made on A shows at once on the dashboard B serves (its cached figures are invalidated);
  5. a worker killed (-9) in the middle of a report: the other worker finishes it, once (the dead run counted as
     an attempt, one result, one file), and no e-mail of the outbox goes out twice;
  6. node A stopped (SIGTERM, as a deploy or a scale-in does) during a load of reads and writes: with a proxy's
     retry (a request that could not reach A goes to B, as nginx's `proxy_next_upstream error` does), 0 requests
     fail and every write the app acknowledged is in the database.
Every job waits PROOF_JOB_DELAY_SECONDS (4) once claimed, a setting only this script sets, so the kill lands
mid-job; e-mails are written to files (Django's file backend) so that both workers' sends can be counted.
It prints what it measured and PASS or FAIL, and exits 0 only on PASS. Bounded: every wait has a deadline, the
whole run stops after PROOF_SECONDS (default 300), only loopback addresses are used, and every process it
started is stopped at the end.

Run it from the project folder:  .venv/bin/python deploy/two_nodes.py
Settings (environment): PROOF_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/dvk_scale_out_proof,
dropped and created anew), PROOF_REDIS_URL (default redis://127.0.0.1:6379/11; only keys under this run's prefix
are touched), PROOF_LOG_DIR (default: a new folder under /tmp, printed), PROOF_SECONDS. Ports are free ones the
system gives, so two runs at once do not meet, given different databases and Redis databases.
"""

import io
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import boto3
import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DEADLINE = time.monotonic() + int(os.environ.get("PROOF_SECONDS", "300"))
DATABASE_URL = os.environ.get("PROOF_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dvk_scale_out_proof")
REDIS_URL = os.environ.get("PROOF_REDIS_URL", "redis://127.0.0.1:6379/11")
PREFIX = f"proof-{uuid.uuid4().hex[:8]}"
BUCKET = "dvk-proof"
PASSWORD = "dvk-demo-2024"  # the demo accounts' published password (demo data only)
PDF = b"%PDF-1.4\n% evidence uploaded on node A\n%%EOF\n"
LOG_DIR = Path(os.environ.get("PROOF_LOG_DIR") or tempfile.mkdtemp(prefix="dvk-proof-"))
LOG_DIR.mkdir(parents=True, exist_ok=True)
MAIL_DIR = LOG_DIR / "sent-mail"
JOB_DELAY = 4
MAILS = 30

processes: list[subprocess.Popen] = []
results: list[tuple[str, bool, str]] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def remaining() -> float:
    left = DEADLINE - time.monotonic()
    if left <= 0:
        raise TimeoutError("the proof ran out of time")
    return left


def start(name: str, command: list[str], env: dict) -> subprocess.Popen:
    log = open(LOG_DIR / f"dvk-proof-{name}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.proof_name = name
    processes.append(process)
    return process


def wait_http(url: str, seconds: float = 60) -> None:
    stop = time.monotonic() + min(seconds, remaining())
    while time.monotonic() < stop:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer")


def record(name: str, ok: bool, detail: str) -> None:
    results.append((name, ok, detail))
    print(f"  {'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)


class FormReader(HTMLParser):
    """The fields of the first form whose action contains `action`, as a browser would send them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.fields, self._select, self._textarea = action, False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # The form posting to `action`, or to its own page (no action) by POST.
        target = a.get("action") or ""
        own = not target and (a.get("method") or "").lower() == "post"
        if tag == "form" and not self.fields and (own or (target and self.action in target)):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(html: str, action: str) -> list[tuple[str, str]]:
    reader = FormReader(action)
    reader.feed(html)
    return reader.fields


def csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


# The demo reviewers' published authenticator key (demo.registry.DEMO_TOTP_KEY): reviewers give a second factor.
DEMO_TOTP_KEY = "64766b2d64656d6f2d746f74702d6b65792d3230"


def log_in(session: requests.Session, node: str, username: str) -> requests.Response:
    token = csrf(session, f"{node}/accounts/login/")
    answer = session.post(
        f"{node}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": f"{node}/accounts/login/"},
        timeout=10,
    )
    if "/accounts/two-factor/verify/" in answer.url:
        from django_otp.oath import totp

        verify = f"{node}/accounts/two-factor/verify/"
        answer = session.post(
            verify,
            data={"csrfmiddlewaretoken": csrf(session, verify), "code": f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"},
            headers={"Referer": verify},
            timeout=10,
        )
    return answer


def follow_job(session: requests.Session, node: str, job_path: str) -> tuple[list[str], dict]:
    """Poll a job's status on `node` until it has finished (90 s at most): the states seen, and the last status."""
    states, state = [], {}
    stop = time.monotonic() + min(90, remaining())
    while time.monotonic() < stop:
        state = session.get(f"{node}{job_path}status.json", timeout=10).json()
        if not states or states[-1] != state["status"]:
            states.append(state["status"])
        if state["finished"]:
            break
        time.sleep(0.2)
    return states, state


def dashboard_figures(session: requests.Session, node: str) -> str:
    page = session.get(f"{node}/dashboard/", timeout=30).text
    # The page's figures without the per-request parts (CSRF tokens of the report buttons).
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def main() -> int:
    s3_port, port_a, port_b = free_port(), free_port(), free_port()
    s3_url = f"http://127.0.0.1:{s3_port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_", "REDIS_URL", "DATABASE_URL"))},
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": PREFIX,
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_url,
        "S3_ACCESS_KEY_ID": "proof",
        "S3_SECRET_ACCESS_KEY": "proof",
        "DJANGO_SECRET_KEY": "proof-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{port_a}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(MAIL_DIR),
        "DJANGO_LOG_LEVEL": "WARNING",
        "AXES_FAILURE_LIMIT": "100",
    }
    started = time.monotonic()
    print(f"Two nodes: PostgreSQL {urlparse(DATABASE_URL).path[1:]}, Redis {REDIS_URL} (prefix {PREFIX}), "
          f"S3 {s3_url}, logs {LOG_DIR}", flush=True)

    # One database for both nodes, made anew with the demo data.
    name = urlparse(DATABASE_URL).path[1:]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)], env)
    wait_http(s3_url)
    boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", aws_access_key_id="proof",
                 aws_secret_access_key="proof").create_bucket(Bucket=BUCKET)
    s3 = boto3.client("s3", endpoint_url=s3_url, region_name="us-east-1", aws_access_key_id="proof",
                      aws_secret_access_key="proof")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True,
                   timeout=remaining())
    subprocess.run([PYTHON, "manage.py", "load_demo", "--force"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, timeout=remaining())
    drafts = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c",
         "from models_registry.models import MovementModel; from accounts.models import User; "
         "u = User.objects.get(username='canbo'); "
         "print(*MovementModel.objects.editable_by(u).filter(status='draft').order_by('pk')"
         ".values_list('pk', flat=True)[:4])"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=remaining(),
    ).stdout.strip().splitlines()[-1].split()
    draft_pk, load_drafts = drafts[0], drafts[1:]
    setup_seconds = time.monotonic() - started

    gunicorn = [str(BIN / "gunicorn"), "config.wsgi", "--workers", "2", "--timeout", "120"]
    start("node-a", [*gunicorn, "--bind", f"127.0.0.1:{port_a}"], env)
    start("node-b", [*gunicorn, "--bind", f"127.0.0.1:{port_b}"], env)
    # Two workers, each recovering a dead one's jobs every second; every job waits a little once claimed.
    workers = {
        worker_id: start(worker_id, [PYTHON, "manage.py", "jobs_worker", "--interval", "0.2", "--recover-every", "1",
                                     "--no-reload", "--worker-id", worker_id],
                         {**env, "PROOF_JOB_DELAY_SECONDS": str(JOB_DELAY)})
        for worker_id in ("worker-1", "worker-2")
    }
    node_a, node_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    wait_http(f"{node_a}/healthz")
    wait_http(f"{node_b}/healthz")
    print(f"  set-up (database, demo data, S3, two nodes, two workers): {setup_seconds:.1f} s", flush=True)

    # 1. A session made on A works on B (sessions in the database behind the shared cache).
    official = requests.Session()
    log_in(official, node_a, "canbo")
    on_b = official.get(f"{node_b}/", timeout=10, allow_redirects=False)
    record("session made on A is signed in on B", on_b.status_code == 200 and "/accounts/logout/" in on_b.text,
           f"B answered {on_b.status_code}")

    # 2. An upload on A downloads from B; another agency's official is refused on B.
    edit = f"{node_a}/models/{draft_pk}/edit/"
    fields = form_fields(official.get(edit, timeout=10).text, f"/models/{draft_pk}/edit/")
    upload = official.post(edit, data=fields, files={"new_attachments": ("bien-ban.pdf", io.BytesIO(PDF),
                           "application/pdf")}, headers={"Referer": edit}, timeout=30, allow_redirects=False)
    detail = official.get(f"{node_b}/models/{draft_pk}/", timeout=10).text
    links = re.findall(rf'href="(/models/{draft_pk}/attachments/\d+/)"', detail)
    download = official.get(f"{node_b}{links[-1]}", timeout=10) if links else None
    other = requests.Session()
    log_in(other, node_b, "canbo2")
    refused = other.get(f"{node_b}{links[-1]}", timeout=10).status_code if links else None
    stored = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    record("upload on A downloads from B", upload.status_code == 302 and download is not None
           and download.content == PDF, f"upload {upload.status_code}, download {download and download.status_code}, "
           f"{len(stored)} object(s) in the bucket")
    record("B refuses the file to an official of another agency", refused == 404, f"B answered {refused}")

    # 4 (before 3, to use a fresh figure). The dashboard on B, cached; a change on A; B shows it at once.
    leader = requests.Session()
    log_in(leader, node_b, "lanhdao")
    first = dashboard_figures(leader, node_b)
    again = dashboard_figures(leader, node_b)
    cached_keys = len(redis.Redis.from_url(REDIS_URL).keys(f"{PREFIX}:*"))
    submit_url = f"{node_a}/models/{draft_pk}/"
    token = csrf(official, submit_url)
    official.post(f"{node_a}/models/{draft_pk}/submit/", data={"csrfmiddlewaretoken": token},
                  headers={"Referer": submit_url}, timeout=10)
    reviewer = requests.Session()
    log_in(reviewer, node_a, "thamdinh")
    recognise = f"{node_a}/models/{draft_pk}/recognise/"
    fields = dict(form_fields(reviewer.get(recognise, timeout=10).text, f"/models/{draft_pk}/recognise/"))
    fields.update(decision_number="99/QĐ-BCĐ", decision_date=time.strftime("%d/%m/%Y"))
    fields["recognising_body"] = fields.get("recognising_body") or "Ban Chỉ đạo tỉnh"
    submitted = reviewer.post(recognise, data=fields, headers={"Referer": recognise}, timeout=10,
                              allow_redirects=False)
    after = dashboard_figures(leader, node_b)
    record("a change on A shows at once on B's dashboard", first == again and after != first
           and submitted.status_code == 302,
           f"{cached_keys} keys in the shared cache; recognised on A ({submitted.status_code}); B's page "
           f"{'changed' if after != first else 'UNCHANGED'}")

    # 3. A report started on A, built by the worker, its progress read on B, downloaded from B.
    token = csrf(leader, f"{node_a}/dashboard/")
    asked = time.monotonic()
    response = leader.post(f"{node_a}/dashboard/report/xlsx/", data={"csrfmiddlewaretoken": token},
                           headers={"Referer": f"{node_a}/dashboard/"}, timeout=10, allow_redirects=False)
    job_path = response.headers.get("Location", "")
    states, state = follow_job(leader, node_b, job_path) if job_path else ([], {})
    built = time.monotonic() - asked
    file = leader.get(f"{node_b}{state.get('download_url', '')}", timeout=30) if state.get("download_url") else None
    record("a report started on A is built by the worker and downloaded from B",
           state.get("status") == "done" and file is not None and file.content[:2] == b"PK",
           f"states seen on B {' -> '.join(states) or 'none'}; ready after {built:.1f} s; "
           f"{len(file.content) if file else 0} bytes")
    outsider = other.get(f"{node_b}{job_path}", timeout=10).status_code if job_path else None
    record("the report is private to who asked", outsider == 404, f"another user got {outsider} on B")

    # 5. A worker killed mid-job; the other finishes the job once; no e-mail goes out twice. A batch of e-mails,
    # committed together, for both workers to race over (each one's queue task and recovery pass send what is due).
    subprocess.run(
        [PYTHON, "manage.py", "shell", "-c",
         "from django.db import transaction; from core.mail import queue_mail\n"
         "with transaction.atomic():\n"
         f"    for n in range({MAILS}): queue_mail(f'Proof {{n}}', 'body', ['proof@example.vn'])"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, timeout=remaining(),
    )
    kill_mid_job(leader, node_a, node_b, workers, s3)
    check_outbox()
    stop_a_under_load(official, node_a, node_b, load_drafts)
    return 0 if all(ok for _name, ok, _detail in results) and len(results) == 9 else 1


class Proxy:
    """What the proxy in front of the nodes does (deploy/Caddyfile's lb_try, nginx's proxy_next_upstream error): a
    request that cannot reach A (refused: it never arrived) goes to B, and A is left out from then on. Only a
    connection that failed is retried, never an answer, so no write can be made twice."""

    def __init__(self, node_a: str, node_b: str):
        self.nodes, self.lock, self.retried = [node_a, node_b], threading.Lock(), 0

    def request(self, session: requests.Session, method: str, path: str, **kwargs) -> requests.Response:
        for node in list(self.nodes):
            try:
                return session.request(method, node + path, timeout=20, allow_redirects=False, **kwargs)
            except requests.ConnectionError:
                with self.lock:
                    if node in self.nodes and len(self.nodes) > 1:
                        self.nodes.remove(node)
                    self.retried += 1
        raise requests.ConnectionError("no node answered")


def stop_a_under_load(official: requests.Session, node_a: str, node_b: str, drafts: list[str]) -> None:
    """Readers and writers through the proxy for a few seconds; node A is stopped a third of the way in. Each
    writer edits a draft of its own (its "results", a new token each time); a write is acknowledged when the app
    answers with the redirect to the model. Afterwards each acknowledged token is looked for in the history."""
    proxy, stop = Proxy(node_a, node_b), threading.Event()
    tally = {"requests": 0, "failed": 0}
    acknowledged: list[str] = []
    lock = threading.Lock()

    def count(ok: bool) -> None:
        with lock:
            tally["requests"] += 1
            tally["failed"] += not ok

    def reader():
        session = requests.Session()
        session.cookies.update(official.cookies)
        while not stop.is_set():
            try:
                count(proxy.request(session, "GET", "/models/").status_code == 200)
            except requests.RequestException:
                count(False)

    def writer(draft: str):
        session = requests.Session()
        session.cookies.update(official.cookies)
        path = f"/models/{draft}/edit/"
        while not stop.is_set():
            try:
                page = proxy.request(session, "GET", path)
                count(page.status_code == 200)
                fields = dict(form_fields(page.text, path))
                written = f"Ghi dưới tải {uuid.uuid4().hex[:12]}"
                fields["results"] = written
                answer = proxy.request(session, "POST", path, data=fields)
                saved = answer.status_code == 302 and answer.headers.get("Location", "").endswith(f"/models/{draft}/")
                count(saved)
                if saved:
                    with lock:
                        acknowledged.append(written)
            except requests.RequestException:
                count(False)

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(2)]
    threads += [threading.Thread(target=writer, args=(draft,), daemon=True) for draft in drafts]
    node_a_process = next(p for p in processes if getattr(p, "proof_name", "") == "node-a")
    for thread in threads:
        thread.start()
    time.sleep(4)
    node_a_process.send_signal(signal.SIGTERM)
    stopped = node_a_process.wait(timeout=min(40, remaining())) is not None
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    lost = [token for token in acknowledged
            if not query("SELECT 1 FROM models_registry_historicalmovementmodel WHERE results = %s", token)]
    record("node A stopped under load: B answers everything, no write lost",
           stopped and tally["failed"] == 0 and acknowledged and not lost and proxy.retried > 0
           and proxy.nodes == [node_b],
           f"{tally['requests']} requests, {tally['failed']} failed after the proxy's retry ({proxy.retried} retried "
           f"on B); {len(acknowledged)} writes acknowledged, {len(lost)} lost")


def query(sql: str, *params) -> list[tuple]:
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        return connection.execute(sql, params).fetchall()


def job_runs(job_id: str) -> list[tuple]:
    """The queue's records of the job's runs: (status, worker ids, return value), oldest first."""
    return query("SELECT status, worker_ids, return_value FROM django_tasks_database_dbtaskresult WHERE task_path = "
                 "'core.jobs.run_job' AND args_kwargs -> 'args' = %s::jsonb ORDER BY enqueued_at",
                 f'["{job_id}"]')


def kill_mid_job(leader: requests.Session, node_a: str, node_b: str, workers: dict, s3) -> None:
    token = csrf(leader, f"{node_a}/dashboard/")
    response = leader.post(f"{node_a}/dashboard/report/xlsx/", data={"csrfmiddlewaretoken": token},
                           headers={"Referer": f"{node_a}/dashboard/"}, timeout=10, allow_redirects=False)
    job_path = response.headers.get("Location", "")
    job_id = job_path.rstrip("/").rsplit("/", 1)[-1]
    # The worker that claimed it: the job is running and the queue names its worker.
    victim, stop = None, time.monotonic() + min(30, remaining())
    while job_id and victim is None and time.monotonic() < stop:
        job = query("SELECT status FROM core_job WHERE id = %s", job_id)
        runs = job_runs(job_id)
        if job and job[0][0] == "running" and runs and runs[-1][0] == "RUNNING":
            victim = runs[-1][1][-1]
        else:
            time.sleep(0.1)
    if victim is None:
        record("a worker killed mid-job: the other finishes it once", False, f"the job {job_id!r} never ran")
        return
    killed = time.monotonic()
    workers[victim].kill()  # SIGKILL: no clean-up of any kind
    workers[victim].wait(timeout=10)
    survivor = next(worker_id for worker_id in workers if worker_id != victim)

    states, state = follow_job(leader, node_b, job_path)
    recovered = time.monotonic() - killed
    file = leader.get(f"{node_b}{state['download_url']}", timeout=30) if state.get("download_url") else None
    attempts = query("SELECT attempts FROM core_job WHERE id = %s", job_id)[0][0]
    runs = job_runs(job_id)
    done_runs = [run for run in runs if run[2] == "done"]
    objects = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"jobs/{job_id}/").get("Contents", [])
    record("a worker killed mid-job: the other finishes it once",
           state.get("status") == "done" and file is not None and file.content[:2] == b"PK" and attempts == 2
           and len(done_runs) == 1 and done_runs[0][1] == [survivor] and len(objects) == 1
           and runs[0][0] == "FAILED",
           f"{victim} killed while running it; states seen on B after the kill {' -> '.join(states)}; finished by "
           f"{done_runs[0][1] if done_runs else 'nobody'} {recovered:.1f} s after the kill; attempts {attempts}; "
           f"queue records {[(run[0], run[1], run[2]) for run in runs]}; {len(objects)} file(s) stored; "
           f"{len(file.content) if file else 0} bytes downloaded")


def check_outbox() -> None:
    """Every outbox message sent, each exactly once (its Message-ID once in the files both workers wrote)."""
    stop = time.monotonic() + min(30, remaining())
    while time.monotonic() < stop:
        waiting = query("SELECT count(*) FROM core_outboxemail WHERE sent_at IS NULL")[0][0]
        if not waiting:
            break
        time.sleep(0.5)
    rows = query("SELECT count(*) FROM core_outboxemail")[0][0]
    written = "".join(path.read_text(errors="replace") for path in MAIL_DIR.glob("*")) if MAIL_DIR.exists() else ""
    ids = re.findall(r"^Message-ID: (\S+)", written, flags=re.MULTILINE)
    record("the outbox sends every e-mail once", rows >= MAILS and not waiting and len(ids) == rows == len(set(ids)),
           f"{rows} e-mails in the outbox, {waiting} unsent; {len(ids)} sent, {len(set(ids))} different")


def stop_all() -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    try:
        client = redis.Redis.from_url(REDIS_URL)
        keys = client.keys(f"{PREFIX}:*")
        if keys:
            client.delete(*keys)
    except redis.RedisError:
        pass


if __name__ == "__main__":
    code = 1
    try:
        code = main()
    except Exception as error:  # a crash is a FAIL with its reason, never a hang
        print(f"  FAIL {type(error).__name__}: {error}", flush=True)
    finally:
        stop_all()
    passed = sum(ok for _name, ok, _detail in results)
    print(f"{passed} passed, {len(results) - passed} failed")
    print("PASS" if code == 0 else "FAIL")
    sys.exit(code)
