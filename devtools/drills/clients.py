"""The drill's users, each a thread with its own browser session against the app on loopback: officials
creating and editing models, reviewers flagging and keeping them, leaders reading the dashboard. Every request
is timed and classified; every write the app acknowledged (a redirect to the record after a form) is logged
with the record's id and a token written into it, to be looked for in the database afterwards."""

import re
import threading
import time
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser

import requests
from django_otp.oath import totp

from demo.registry import DEMO_TOTP_KEY

SECOND_FACTOR = "/accounts/two-factor/verify/"

TIMEOUT = (3, 20)  # connect, read (seconds)
MODEL_URL = re.compile(r"/models/(\d+)/$")


class FormParser(HTMLParser):
    """The fields of the page's forms as a browser would submit them, untouched."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = self._textarea = None
        self._options: list[tuple[str, bool]] = []
        self._multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"fields": {}, "choices": {}})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else {}
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                self.forms[-1]["choices"].setdefault(attrs["name"], []).append(attrs.get("value", "on"))
                if "checked" not in attrs:
                    return
            fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            fields[self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select, self._options, self._multiple = attrs["name"], [], "multiple" in attrs
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            values = [value for value, _ in self._options if value]
            selected = [value for value, chosen in self._options if chosen]
            form = self.forms[-1]
            form["choices"][self._select] = values
            if selected:
                form["fields"][self._select] = selected[0]
            elif self._options and not self._multiple:  # a browser sends the first option
                form["fields"][self._select] = self._options[0][0]
            self._select = None


def form_with(html: str, field: str) -> dict | None:
    parser = FormParser()
    parser.feed(html)
    return next((form for form in parser.forms if field in form["fields"] or field in form["choices"]), None)


@dataclass
class Sample:
    started: float
    ended: float
    kind: str
    outcome: str  # ok, refused (a form shown again), error (5xx), failed (no answer)
    status: int = 0


class Client(threading.Thread):
    """One person's session. `stop` ends the loop; `samples` and `acks` are read once it has ended."""

    def __init__(self, base_url: str, username: str, password: str, stop: threading.Event, go: threading.Event, **work):
        super().__init__(daemon=True)
        self.base_url, self.username, self.password, self.stop = base_url, username, password, stop
        # Everybody logs in first (a password check is slow by design); the timed run starts on `go`.
        self.go, self.ready = go, threading.Event()
        self.work = work
        self.session = requests.Session()
        self.samples: list[Sample] = []
        self.acks: list[dict] = []
        self.crashed: BaseException | None = None

    # One request, timed and classified ------------------------------------------------------------------
    def request(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = self.session.request(
                method, self.base_url + path, timeout=TIMEOUT, allow_redirects=False, **kwargs
            )
        except requests.RequestException:
            self.samples.append(Sample(started, time.monotonic(), kind, "failed"))
            time.sleep(0.2)
            return None
        outcome = "error" if response.status_code >= 500 else "ok"
        self.samples.append(Sample(started, time.monotonic(), kind, outcome, response.status_code))
        if outcome == "error":
            time.sleep(0.2)
            return None
        return response

    def open_form(self, kind: str, path: str, field: str) -> dict | None:
        """GET a page and read the form that has `field`, as the browser would send it."""
        page = self.request(f"{kind} (form)", "GET", path)
        if page is None or page.status_code != 200:
            return None
        return form_with(page.text, field)

    def post(self, kind: str, path: str, form: dict, changes: dict, token: str) -> bool:
        """POST the form with some fields changed; log the write if the app answered with the record's page."""
        answer = self.request(
            kind, "POST", path, data={**form["fields"], **changes}, headers={"Referer": self.base_url + path}
        )
        if answer is None:
            return False
        location = answer.headers.get("Location", "") if answer.status_code in (301, 302, 303) else ""
        match = MODEL_URL.search(location)
        if not match:
            self.samples[-1].outcome = "refused"
            return False
        self.acks.append(
            {"kind": kind, "id": int(match.group(1)), "token": token, "by": self.username, "at": time.time()}
        )
        return True

    def submit(self, kind: str, path: str, field: str, changes: dict, token: str) -> bool:
        form = self.open_form(kind, path, field)
        return form is not None and self.post(kind, path, form, changes, token)

    def log_in(self) -> None:
        while not self.stop.is_set():
            page = self.request("log in (form)", "GET", "/accounts/login/")
            if page is not None:
                form = form_with(page.text, "username")
                data = {**form["fields"], "username": self.username, "password": self.password}
                answer = self.request("log in", "POST", "/accounts/login/", data=data)
                if answer is not None and answer.status_code == 302:
                    if "/accounts/two-factor/" not in answer.headers.get("Location", "") or self.second_factor():
                        return

    def second_factor(self) -> bool:
        """Reviewers give a code of their authenticator (the demo accounts' published key). A code is accepted
        once per 30 s step for a person, so a second client of the same person waits for the next step."""
        while not self.stop.is_set():
            page = self.request("second factor (form)", "GET", SECOND_FACTOR)
            form = form_with(page.text, "code") if page is not None and page.status_code == 200 else None
            if form is None:
                return False
            data = {**form["fields"], "code": f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"}
            answer = self.request("second factor", "POST", SECOND_FACTOR, data=data)
            if answer is not None and answer.status_code == 302:
                return True
            time.sleep(2)
        return False

    def run(self):
        try:
            self.log_in()
            self.ready.set()
            self.go.wait()
            self.samples.clear()  # the figures are the timed run's
            while not self.stop.is_set():
                self.step()
        except BaseException as error:  # noqa: BLE001 - reported by the drill, never swallowed
            self.crashed = error


def token() -> str:
    return uuid.uuid4().hex[:12]


class Official(Client):
    """Registers a new model, then edits its own drafts twice, in turn."""

    turn = 0

    def step(self):
        drafts = self.work["drafts"]
        self.turn += 1
        if self.turn % 3 == 1 or not drafts:
            form = self.open_form("create", "/models/new/", "name")
            if form is None:
                return
            name = f"Mô hình mới {token()}"
            changes = {"name": name, "description": "Tạo trong diễn tập khởi động lại CSDL.", "year_started": "2024"}
            for required in ("owner_agency", "registered_unit", "field", "level"):
                if not form["fields"].get(required) and form["choices"].get(required):
                    changes[required] = form["choices"][required][0]
            self.post("create", "/models/new/", form, changes, name)
        else:
            model_id = drafts[self.turn % len(drafts)]
            results = f"Kết quả cập nhật {token()}"
            self.submit("edit", f"/models/{model_id}/edit/", "results", {"results": results}, results)


class Reviewer(Client):
    """Flags a recognised model, then keeps it (the flag closes), model after model."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.next_move = {model_id: "flag" for model_id in self.work["models"]}
        self.turn = 0

    def step(self):
        models = self.work["models"]
        model_id = models[self.turn % len(models)]
        move = self.next_move[model_id]
        explanation = f"Diễn tập {token()}"
        if move == "flag":
            path, field, changes = f"/models/{model_id}/flag/", "explanation", {"explanation": explanation}
        else:
            path, field, changes = (
                f"/models/{model_id}/decide/",
                "comment",
                {"decision": "keep", "comment": explanation},
            )
        done = self.submit(move, path, field, changes, explanation)
        # A refusal means the model was in the other state (a write whose answer was lost): switch moves too.
        if done or self.samples[-1].outcome == "refused":
            self.next_move[model_id] = "keep" if move == "flag" else "flag"
            if move == "keep":  # flagged and kept: on to the next model
                self.turn += 1


class Leader(Client):
    """Reads the dashboard and the list."""

    turn = 0

    def step(self):
        path = "/dashboard/" if self.turn % 2 == 0 else "/models/?q=dan+van"
        self.turn += 1
        self.request("read", "GET", path)
        time.sleep(0.05)
