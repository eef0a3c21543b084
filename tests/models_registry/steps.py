"""The review workflow's steps with plausible defaults, so that a test spells out only what it is about.

Each helper calls the real service; `model_at` walks a new model of an agency through the services to
a given status, the way it would get there in production.
"""

import html
import re
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from models_registry import services
from models_registry.choices import FlagReason, ModelStatus
from tests.factories import ModelIndicatorFactory, MovementModelFactory

RECOGNISING_BODY = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh"


def in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def pdf(name="bien-ban-kiem-tra.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def submit(model, official):
    return services.model_submit(model=model, user=official)


def recognise(model, reviewer, *, number="45/QĐ-BCĐ", date=None, comment=""):
    return services.model_recognise(
        model=model,
        user=reviewer,
        decision_number=number,
        decision_date=date or in_days(0),
        recognising_body=RECOGNISING_BODY,
        comment=comment,
    )


def return_for_revision(model, reviewer, *, comment="Bổ sung số liệu kết quả năm 2024."):
    return services.model_return(model=model, user=reviewer, comment=comment)


def flag(model, reviewer, *, reason=FlagReason.INACTIVE, explanation="Hai năm không có hoạt động.", deadline=None,
         evidence=(), round=None):
    return services.model_flag(
        model=model,
        user=reviewer,
        reason=reason,
        explanation=explanation,
        deadline=deadline or in_days(30),
        evidence=evidence,
        round=round,
    )


def answer(model, official, *, text="Mô hình vẫn duy trì, đã họp dân 4 lần.", improvement_plan="", indicators=(),
           attachments=()):
    return services.flag_answer(
        model=model,
        user=official,
        answer=text,
        improvement_plan=improvement_plan,
        indicators=indicators,
        attachments=attachments,
    )


def keep(model, reviewer, *, comment="Vẫn hiệu quả, tiếp tục duy trì."):
    return services.flag_decide(model=model, user=reviewer, keep=True, comment=comment)


def remove(model, reviewer, *, number="07/QĐ-BCĐ", date=None, comment="Không còn hiệu quả."):
    return services.flag_decide(
        model=model, user=reviewer, keep=False, comment=comment, decision_number=number,
        decision_date=date or in_days(0),
    )


def restore(model, reviewer, *, number="19/QĐ-BCĐ", date=None, comment="Mô hình hoạt động trở lại."):
    return services.model_restore(
        model=model, user=reviewer, comment=comment, decision_number=number, decision_date=date or in_days(0)
    )


# The statuses in the order the services reach them, and the step that leads into each.
_PATH = [
    (ModelStatus.SUBMITTED, lambda model, official, reviewer: submit(model, official)),
    (ModelStatus.RECOGNISED, lambda model, official, reviewer: recognise(model, reviewer)),
    (ModelStatus.FLAGGED, lambda model, official, reviewer: flag(model, reviewer)),
    (ModelStatus.UNDER_REVIEW, lambda model, official, reviewer: answer(model, official)),
    (ModelStatus.REMOVED, lambda model, official, reviewer: remove(model, reviewer)),
]


def model_at(status, *, official, reviewer, **factory_kwargs):
    """A new model of the official's agency, brought to `status` through the services."""
    factory_kwargs.setdefault("owner_agency", official.agency)
    model = MovementModelFactory(created_by=official, **factory_kwargs)
    ModelIndicatorFactory(model=model)
    if status == ModelStatus.DRAFT:
        return model
    if status == ModelStatus.RETURNED:
        submit(model, official)
        return_for_revision(model, reviewer)
        return model
    for reached, step in _PATH:
        step(model, official, reviewer)
        if reached == status:
            model.refresh_from_db()
            return model
    raise ValueError(status)


def english(client):
    """The client reads the pages in English (the interface is Vietnamese unless the reader chooses)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_text(response) -> str:
    """The response's HTML with entities decoded and runs of white space folded, for `in` checks."""
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def visible_text(page) -> str:
    """What a reader sees of a response or an HTML string: tags dropped, entities decoded, spaces folded."""
    markup = page if isinstance(page, str) else page.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()
