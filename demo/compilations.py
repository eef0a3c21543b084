"""Demo data for the compilations: the published "100 mô hình, điển hình tiêu biểu giai đoạn 2021–2025", whose
selected entries are the registry demo's 100 typical models, and 20 more models nominated but not selected.
Three demo reviewers score every nomination they may score (never a model of their own agency or one beneath
it); the typical models score higher, so "select the highest-scoring" chooses them. Each entry is written up
from the model's own texts with a placeholder photo (a solid colour per field), and publishing the compilation
marks its entries typical. Every step goes through compilations.services, dated in 2025.

Everything here is invented demo data, like the registry's models. Running it again changes nothing: the
compilation is looked up by its title first. It adds the reviewer accounts `thamdinh2` (the steering
committee's office) and `thamdinh3` (Sở Nội vụ) with the demo password, unless they exist already.
"""

import datetime as dt
import random

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.second_factor import enrol_with_key
from compilations.choices import CRITERIA
from compilations.models import Compilation
from compilations.services import (
    compilation_create,
    compilation_publish,
    nominate,
    nomination_write_up,
    score_nomination,
    select_highest,
)
from models_registry.choices import AgencyKind
from models_registry.models import Agency, MovementModel

from . import registry
from .photos import solid_png
from .registry import DEMO_TOTP_KEY, STEERING_COMMITTEE, demo_password_hash

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
    user.password = demo_password_hash()
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


def _photo(model: MovementModel) -> SimpleUploadedFile:
    """The entry's placeholder photo (a solid colour per field), uploaded as a reviewer would upload a photo."""
    png = solid_png(rgb=COLOURS[model.field.order % len(COLOURS)])
    return SimpleUploadedFile(f"anh-{model.code.lower()}.png", png, content_type="image/png")


def load_compilations_demo(stdout=None, typical_codes=None) -> dict:
    """Load the demo compilation through the compilations' services; returns what it created (nothing when it is
    already there). `typical_codes`: the registry demo's models to select (by default, its plan's)."""
    with transaction.atomic():
        if Compilation.objects.filter(title=TITLE).exists():
            if stdout is not None:
                stdout.write("Compilations demo: already loaded, nothing changed.")
            return {"compilations": 0, "nominations": 0, "scores": 0}
        if typical_codes is None:
            typical_codes = registry.typical_codes(registry.plan_models())
        summary = _load(set(typical_codes))
    if stdout is not None:
        stdout.write(
            f"Compilations demo: “{TITLE}” published with {summary['selected']} entries; "
            f"{summary['nominations']} nominations, {summary['scores']} scores."
        )
    return summary


def _load(typical_codes: set[str]) -> dict:
    owner = User.objects.get(username=REVIEWER)
    reviewers = [owner, *(_reviewer(username) for username in EXTRA_REVIEWERS)]
    eligible = (
        MovementModel.objects.in_list()
        .filter(recognition_year__gte=FIRST_YEAR, recognition_year__lte=LAST_YEAR)
        .select_related("owner_agency", "registered_unit", "field")
        .order_by("code")
    )
    typical = list(eligible.filter(code__in=typical_codes)[:CAPACITY])
    others = list(eligible.exclude(code__in=typical_codes))
    rng = random.Random(SEED)
    others = sorted(rng.sample(others, min(NOT_SELECTED, len(others))), key=lambda m: m.code)

    compilation = compilation_create(
        user=owner, title=TITLE, first_year=FIRST_YEAR, last_year=LAST_YEAR, capacity=CAPACITY,
        at=_moment(CREATED_ON),
    )  # fmt: skip
    nominated_at = _moment(CREATED_ON + dt.timedelta(days=14))
    nominations = [
        nominate(
            compilation=compilation,
            user=reviewers[number % len(reviewers)],
            model=model,
            reason=f"Mô hình tiêu biểu của {model.owner_agency.name} trong lĩnh vực {model.field.name.lower()}.",
            at=nominated_at,
        )
        for number, model in enumerate([*typical, *others])
    ]

    # The typical models are the ones the reviewers rated best: 7–10 on every criterion, the others 3–6. A
    # reviewer scores every nomination they may score (never a model of their own agency or one beneath it).
    nominated = MovementModel.objects.filter(pk__in=[nomination.model_id for nomination in nominations])
    may_score = {
        reviewer.pk: set(nominated.decidable_by(reviewer).values_list("pk", flat=True)) for reviewer in reviewers
    }
    scored_at = _moment(CREATED_ON + dt.timedelta(days=40))
    scores = 0
    for nomination in nominations:
        low, high = (7, 10) if nomination.model.code in typical_codes else (3, 6)
        for reviewer in reviewers:
            if nomination.model_id in may_score[reviewer.pk]:
                marks = {name: rng.randint(low, high) for name, _label in CRITERIA}
                score_nomination(nomination=nomination, user=reviewer, marks=marks, at=scored_at)
                scores += 1

    # "Select the highest-scoring" chooses the typical models, which are then written up with a photo each.
    selected_at = _moment(CREATED_ON + dt.timedelta(days=45))
    selected = select_highest(compilation=compilation, user=owner, at=selected_at)
    if {nomination.model.code for nomination in selected} != {model.code for model in typical}:
        raise RuntimeError("The demo's scores should rank the typical models first.")
    for number, nomination in enumerate(sorted(selected, key=lambda n: n.model.code)):
        nomination_write_up(
            nomination=nomination,
            user=reviewers[number % len(reviewers)],
            write_up=write_up(nomination.model),
            photo=_photo(nomination.model),
            at=selected_at + dt.timedelta(days=10, minutes=number),
        )

    compilation_publish(compilation=compilation, user=owner, at=_moment(PUBLISHED_ON))
    return {
        "compilations": 1,
        "selected": len(selected),
        "nominations": len(nominations),
        "scores": scores,
    }
