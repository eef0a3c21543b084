"""Reference documents: the plans, regulations, laws and decisions that models and directives refer to."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ReferenceDocument
from .common import require, save_with_history


def document_create(*, user, data: dict, registry_models=(), at=None) -> ReferenceDocument:
    """Register a plan, regulation, law or decision that models and directives can refer to."""
    require(user, "meetings.add_referencedocument", _("You may not register reference documents."))
    document = ReferenceDocument(**data, created_by=user)
    document.full_clean()
    with transaction.atomic():
        save_with_history(document, user=user, m2m={"registry_models": registry_models}, at=at)
    return document


def document_update(
    *, document: ReferenceDocument, user, data: dict, registry_models=(), at=None
) -> ReferenceDocument:
    require(user, "meetings.change_referencedocument", _("You may not change reference documents."))
    for name, value in data.items():
        setattr(document, name, value)
    document.full_clean()
    with transaction.atomic():
        save_with_history(document, user=user, m2m={"registry_models": registry_models}, at=at)
    return document
