"""Demo data for the compilations: the published "100 mô hình, điển hình tiêu biểu giai đoạn 2021–2025", whose
selected entries are the registry demo's 100 typical models, and 20 more models nominated but not selected.
Three demo reviewers score every nomination they may score (never a model of their own agency or one beneath
it); the typical models score higher, so "select the highest-scoring" would have chosen them too. Each entry
has a short write-up drawn from the model's own texts and a placeholder photo (a solid colour per field).

Everything here is invented demo data, like the registry's models. Running it again changes nothing: the
compilation is looked up by its title first. It adds the reviewer accounts `thamdinh2` (the steering
committee's office) and `thamdinh3` (Sở Nội vụ) with the demo password, unless they exist already.
"""

import datetime as dt
import random

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import Role
from accounts.second_factor import enrol_with_key
from compilations.choices import CRITERIA
from compilations.models import Compilation, Nomination, Score
from compilations.services import compilation_publish
from models_registry.choices import AgencyKind
from models_registry.models import Agency, MovementModel

from .photos import solid_png
from .registry import DEMO_PASSWORD, DEMO_TOTP_KEY, STEERING_COMMITTEE

TITLE = "100 mô hình, điển hình tiêu biểu giai đoạn 2021–2025"
FIRST_YEAR, LAST_YEAR, CAPACITY = 2021, 2025, 100
NOT_SELECTED = 20
SEED = 2025
REVIEWER = "thamdinh"  # the registry demo's reviewer creates and publishes the compilation
# username: family name, given names, agency, job title. An account that exists already is reused as it is
# (main's registry demo adds `thamdinh2` to DEMO_USERS, with these same details).
EXTRA_REVIEWERS = {
    "thamdinh2": (
        "Hoàng",
        "Văn Tuấn",
        STEERING_COMMITTEE,
        "Chuyên viên Văn phòng Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
    ),
    "thamdinh3": (
        "Đặng Thị",
        "Thu Trang",
        "Sở Nội vụ tỉnh Ninh Bình",
        "Chuyên viên Sở Nội vụ, thành viên Tổ thẩm định",
    ),
}
# One colour per field (by the field's order), for the placeholder photos.
COLOURS = [(178, 34, 34), (31, 78, 140), (27, 107, 58), (138, 90, 0), (102, 51, 153), (0, 128, 128), (160, 82, 45)]
CREATED_ON = dt.date(2025, 9, 15)
PUBLISHED_ON = dt.date(2025, 12, 10)


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _reviewer(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    family, given, agency_name, title = EXTRA_REVIEWERS[username]
    agency = Agency.objects.filter(name=agency_name).order_by("pk").first() or Agency.objects.create(
        name=agency_name, kind=AgencyKind.STATE
    )
    user = User(username=username, first_name=family, last_name=given, agency=agency, job_title=title)
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=Role.REVIEWER.value))
    enrol_with_key(user, DEMO_TOTP_KEY)
    return user


def _first_sentence(text: str) -> str:
    """The first sentence of the first line, without a list's leading dash."""
    line = next((line for line in text.splitlines() if line.strip()), "")
    line = " ".join(line.strip().lstrip("-–•+* ").split())
    end = line.find(". ")
    sentence = line if end < 0 else line[: end + 1]
    return sentence[:1].upper() + sentence[1:]


def write_up(model: MovementModel) -> str:
    """A short presentation of the model, drawn from its own description, approach and results."""
    parts = [
        f"{model.name} do {model.owner_agency.name} thực hiện tại {model.registered_unit.name}, "
        f"được công nhận năm {model.recognition_year}.",
        _first_sentence(model.description),
        _first_sentence(model.approach),
        _first_sentence(model.results),
    ]
    return "\n\n".join(part for part in parts if part.strip())[:2000]


def _photo_names(fields) -> dict[int, str]:
    """One placeholder photo per field, written once to storage (a second load reuses it)."""
    names = {}
    for field in fields:
        name = f"compilations/demo/linh-vuc-{field.pk}.png"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(solid_png(rgb=COLOURS[field.order % len(COLOURS)])))
        names[field.pk] = name
    return names


def load_compilations_demo(stdout=None) -> dict:
    """Load the demo compilation; returns what it created (nothing when it is already there)."""
    with transaction.atomic():
        if Compilation.objects.filter(title=TITLE).exists():
            if stdout is not None:
                stdout.write("Compilations demo: already loaded, nothing changed.")
            return {"compilations": 0, "nominations": 0, "scores": 0}
        summary = _load()
    if stdout is not None:
        stdout.write(
            f"Compilations demo: “{TITLE}” published with {summary['selected']} entries; "
            f"{summary['nominations']} nominations, {summary['scores']} scores."
        )
    return summary


def _load() -> dict:
    owner = User.objects.get(username=REVIEWER)
    reviewers = [owner, *(_reviewer(username) for username in EXTRA_REVIEWERS)]
    eligible = (
        MovementModel.objects.in_list()
        .filter(recognition_year__gte=FIRST_YEAR, recognition_year__lte=LAST_YEAR)
        .select_related("owner_agency", "registered_unit", "field")
        .order_by("code")
    )
    typical = list(eligible.filter(is_typical=True)[:CAPACITY])
    others = list(eligible.filter(is_typical=False))
    rng = random.Random(SEED)
    others = sorted(rng.sample(others, min(NOT_SELECTED, len(others))), key=lambda m: m.code)

    compilation = Compilation(
        title=TITLE, first_year=FIRST_YEAR, last_year=LAST_YEAR, capacity=CAPACITY, created_by=owner
    )
    compilation._history_user, compilation._history_date = owner, _moment(CREATED_ON)
    compilation.save()
    Compilation.objects.filter(pk=compilation.pk).update(created_at=_moment(CREATED_ON))

    photos = _photo_names({model.field for model in typical})
    nominations = []
    for number, model in enumerate([*typical, *others]):
        chosen = number < len(typical)
        nominations.append(
            Nomination(
                compilation=compilation,
                model=model,
                nominated_by=reviewers[number % len(reviewers)],
                reason=f"Mô hình tiêu biểu của {model.owner_agency.name} trong lĩnh vực {model.field.name.lower()}.",
                selected=chosen,
                write_up=write_up(model) if chosen else "",
                photo=photos[model.field_id] if chosen else "",
                photo_name=f"anh-{model.code.lower()}.png" if chosen else "",
                photo_content_type="image/png" if chosen else "",
            )
        )
    nominations = bulk_create_with_history(
        nominations, Nomination, default_user=owner, default_date=_moment(CREATED_ON + dt.timedelta(days=14))
    )
    Nomination.objects.filter(compilation=compilation).update(nominated_at=_moment(CREATED_ON + dt.timedelta(days=14)))
    nominations = list(compilation.nominations.select_related("model"))

    may_score = {
        reviewer.pk: set(
            MovementModel.objects.decidable_by(reviewer)
            .filter(compilation_nominations__compilation=compilation)
            .values_list("pk", flat=True)
        )
        for reviewer in reviewers
    }
    scores = []
    for nomination in nominations:
        # The typical models are the ones the reviewers rated best: 7–10 on every criterion, the others 3–6.
        low, high = (7, 10) if nomination.selected else (3, 6)
        for reviewer in reviewers:
            if nomination.model_id in may_score[reviewer.pk]:
                marks = {name: rng.randint(low, high) for name, _label in CRITERIA}
                score = Score(nomination=nomination, reviewer=reviewer, **marks)
                score._history_user = reviewer
                scores.append(score)
    bulk_create_with_history(scores, Score, default_date=_moment(CREATED_ON + dt.timedelta(days=40)))

    compilation_publish(compilation=compilation, user=owner)
    Compilation.objects.filter(pk=compilation.pk).update(published_at=_moment(PUBLISHED_ON))
    return {
        "compilations": 1,
        "selected": len(typical),
        "nominations": len(nominations),
        "scores": len(scores),
    }
