"""Who may do what in the registry: every URL of it against every role, as a permission matrix
(tests/permissions.py).

Beside the common roles, the alice_on_sub_agency column is alice again, acting on models of `sub_agency`,
which lies beneath her agency ("own agency and below").

The Kim Sơn side's models (`draft`, `submitted`) belong to alice's agency, or to the sub-agency in the
alice_on_sub_agency column. `recognised` belongs to bob's agency. Every refused POST leaves the
database as it was; a page refused to someone does not show the model's name.
"""

from functools import cached_property

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import Job
from models_registry.choices import ModelStatus
from models_registry.imports.checking import JOB_KIND
from models_registry.imports.saving import record_preview
from models_registry.imports.validation import validate_stored
from models_registry.models import ModelImport, MovementModel, Replication
from tests.factories import (
    AdministrativeUnitFactory,
    FieldFactory,
    ModelAttachmentFactory,
    ModelIndicatorFactory,
    MovementModelFactory,
    ReplicationFactory,
)
from tests.permissions import ADMIN_LOGIN, Outcome, Row, cells, check, check_other_method, expect, other_methods

from .helpers import edit_model_data, in_default_language, new_model_data, shows
from .spreadsheets import xlsx

ONLY_OWNING_AGENCY = "Only officials of the owning agency (or an agency above it) can change this model."
NEW_NAME = "Mô hình mới"
EDITED_NAME = "Đã sửa"
IMPORTED_NAME = "Mô hình nhập từ Excel"
EVIDENCE = "%PDF-1.4 test evidence"  # what ModelAttachmentFactory's file holds


def everyone(default, **special) -> dict:
    """`expect`, with the alice_on_sub_agency column (like every other role unless named)."""
    return expect(default, also=["alice_on_sub_agency"], **special)


EXPORT_JOB = everyone(302, nobody=403)


def job_started(world) -> bool:
    return Job.objects.exists()


def IMPORTERS(outcome) -> dict:  # noqa: N802 - reads as a column set, like `everyone`
    """Officials (for their agencies) and reviewers import; anyone else is refused."""
    return everyone(403, alice=outcome, alice_on_sub_agency=outcome, bob=outcome, reviewer=outcome)


NOT_OWNER = Outcome(403, message=ONLY_OWNING_AGENCY)
REGISTERED = Outcome(302, to=lambda w: f"/models/{MovementModel.objects.get(name=NEW_NAME).pk}/")


class World:
    """The models each row acts on, made on first use."""

    def __init__(self, request, role):
        self.fixture, self.role = request.getfixturevalue, role

    @cached_property
    def home_agency(self):
        """The agency whose models the "own" cells talk about."""
        return self.fixture("sub_agency" if self.role == "alice_on_sub_agency" else "agency")

    @cached_property
    def user(self):
        if self.role == "anonymous":
            return None
        return self.fixture("alice" if self.role == "alice_on_sub_agency" else self.role)

    @cached_property
    def draft(self):
        model = MovementModelFactory(owner_agency=self.home_agency, name="Bản nháp của Kim Sơn")
        ModelIndicatorFactory(model=model)  # complete, so that submitting it can succeed
        return model

    @cached_property
    def submitted(self):
        return MovementModelFactory(owner_agency=self.home_agency, submitted=True)

    @cached_property
    def recognised(self):
        other_agency = self.fixture("other_agency")
        return MovementModelFactory(owner_agency=other_agency, recognised=True, name="Mô hình của Yên Mô")

    @cached_property
    def replicated(self):
        """A model in the list that others take up."""
        return MovementModelFactory(recognised=True, name="Mô hình được nhân rộng")

    @cached_property
    def link(self):
        """Yên Mô's recognised model replicates `replicated`."""
        return ReplicationFactory(replica=self.recognised, source=self.replicated)

    @cached_property
    def draft_file(self):
        return ModelAttachmentFactory(model=self.draft)

    @cached_property
    def recognised_file(self):
        return ModelAttachmentFactory(model=self.recognised)

    @cached_property
    def new_owner(self):
        """The agency a new model is registered for: bob registers for his own."""
        return self.user.agency if self.role == "bob" else self.home_agency

    def import_file(self) -> bytes:
        """A workbook of one new model of the home agency."""
        unit, field = AdministrativeUnitFactory(), FieldFactory()
        return xlsx([{"name": IMPORTED_NAME, "owner_agency": self.home_agency.name, "registered_unit": unit.name,
                      "field": field.name, "level": "commune", "year_started": 2022}])

    @cached_property
    def alices_import(self):
        """An import alice uploaded and has not confirmed yet."""
        model_import = ModelImport(
            user=self.fixture("alice"), created_at=timezone.now(), original_name="ds.xlsx", checksum="0" * 64
        )
        model_import.file.save("ds.xlsx", ContentFile(self.import_file()), save=False)
        record_preview(model_import, validate_stored(model_import))
        model_import.save()
        return model_import

    @cached_property
    def alices_failed_check(self):
        """A large file alice uploaded whose background check failed."""
        model_import = ModelImport(
            user=self.fixture("alice"), created_at=timezone.now(), original_name="lon.xlsx", checksum="1" * 64,
            status=ModelImport.Status.CHECK_FAILED,
        )
        model_import.file.save("lon.xlsx", ContentFile(self.import_file()), save=False)
        model_import.save()
        return model_import

    def new_model(self) -> dict:
        unit, field = AdministrativeUnitFactory(), FieldFactory()
        return new_model_data(owner_agency=self.new_owner, registered_unit=unit, field=field, name=NEW_NAME)


@pytest.fixture
def world(request, role):
    return World(request, role)


@pytest.fixture
def role():
    """test_the_other_method asks every role on one world, alice's (test_access parametrizes `role` instead)."""
    return "alice"


def snapshot(model) -> dict:
    """Everything an edit or a transition could change."""
    row = MovementModel.objects.filter(pk=model.pk).values().get()
    row.pop("updated_at")
    indicators = model.indicators.values_list("indicator_type_id", "year", "value").order_by("pk")
    row["indicators"] = list(indicators)
    row["cooperating"] = sorted(model.cooperating_agencies.values_list("pk", flat=True))
    return row


def edited(model) -> bool:
    """Whether the edit row's POST was saved, as one new version."""
    return MovementModel.objects.filter(pk=model.pk, name=EDITED_NAME, version=model.version + 1).exists()


def registered(world) -> bool:
    """Whether the new model was saved as a draft of the chosen agency, created by the one who sent it."""
    saved = MovementModel.objects.filter(name=NEW_NAME, owner_agency=world.new_owner, created_by=world.user)
    return saved.filter(status=ModelStatus.DRAFT).exists()


def all_links(world) -> list:
    return list(Replication.objects.order_by("pk").values_list("pk", "replica_id", "source_id", "kind", "note"))


# Replication links: the owning agency (while it may edit the model: bob, for Yên Mô's recognised model) and
# reviewers set them; everyone else who can read the model is refused.
LINKERS = everyone(403, nobody=404, bob=302, reviewer=302)


def all_models(world) -> list:
    return list(MovementModel.objects.order_by("pk").values_list("pk", "name"))


MATRIX = [
    Row("models_registry:list", lambda w: "/models/", everyone(200, nobody=403), reveals=lambda w: w.recognised.name),
    Row(
        "models_registry:detail",
        lambda w: f"/models/{w.draft.pk}/",
        everyone(404, alice=200, alice_on_sub_agency=200),
        label="Kim Sơn's draft",
        reveals=lambda w: w.draft.name,
    ),
    Row(
        "models_registry:detail",
        lambda w: f"/models/{w.recognised.pk}/",
        everyone(200, nobody=404),
        label="recognised model",
        reveals=lambda w: w.recognised.name,
    ),
    # The page's other tabs: the same rule as its first.
    Row(
        "models_registry:spread",
        lambda w: f"/models/{w.draft.pk}/spread/",
        everyone(404, alice=200, alice_on_sub_agency=200),
        label="Kim Sơn's draft",
        reveals=lambda w: w.draft.name,
    ),
    Row(
        "models_registry:spread",
        lambda w: f"/models/{w.recognised.pk}/spread/",
        everyone(200, nobody=404),
        label="recognised model",
        reveals=lambda w: w.recognised.name,
    ),
    Row(
        "models_registry:history",
        lambda w: f"/models/{w.draft.pk}/history/",
        everyone(404, alice=200, alice_on_sub_agency=200),
        label="Kim Sơn's draft",
        reveals=lambda w: w.draft.name,
    ),
    Row(
        "models_registry:history",
        lambda w: f"/models/{w.recognised.pk}/history/",
        everyone(200, nobody=404),
        label="recognised model",
        reveals=lambda w: w.recognised.name,
    ),
    Row("models_registry:create", lambda w: "/models/new/", everyone(403, alice=200, alice_on_sub_agency=200, bob=200)),
    Row(
        "models_registry:create",
        lambda w: "/models/new/",
        everyone(403, alice=REGISTERED, alice_on_sub_agency=REGISTERED, bob=REGISTERED),
        method="post",
        data=lambda w: w.new_model(),
        state=all_models,
        done=registered,
    ),
    Row(
        "models_registry:update",
        lambda w: f"/models/{w.draft.pk}/edit/",
        everyone(404, alice=200, alice_on_sub_agency=200),
        label="edit form of Kim Sơn's draft",
    ),
    Row(
        "models_registry:update",
        lambda w: f"/models/{w.draft.pk}/edit/",
        everyone(404, alice=302, alice_on_sub_agency=302),
        method="post",
        data=lambda w: edit_model_data(w.draft, name=EDITED_NAME),
        label="edit Kim Sơn's draft",
        state=lambda w: snapshot(w.draft),
        done=lambda w: edited(w.draft),
    ),
    Row(
        "models_registry:update",
        lambda w: f"/models/{w.recognised.pk}/edit/",
        everyone(NOT_OWNER, nobody=404, bob=200),
        label="edit form of Yên Mô's recognised model",
    ),
    Row(
        "models_registry:update",
        lambda w: f"/models/{w.recognised.pk}/edit/",
        everyone(NOT_OWNER, nobody=404, bob=302),
        method="post",
        data=lambda w: edit_model_data(w.recognised, name=EDITED_NAME),
        label="edit Yên Mô's recognised model",
        state=lambda w: snapshot(w.recognised),
        done=lambda w: edited(w.recognised),
    ),
    Row(
        "models_registry:update",
        lambda w: f"/models/{w.submitted.pk}/edit/",
        everyone(403, nobody=404),
        label="edit form of a submitted model",
    ),
    Row(
        "models_registry:update",
        lambda w: f"/models/{w.submitted.pk}/edit/",
        everyone(403, nobody=404),
        method="post",
        data=lambda w: edit_model_data(w.submitted, name=EDITED_NAME),
        label="edit a submitted model",
        state=lambda w: snapshot(w.submitted),
    ),
    Row(
        "models_registry:submit",
        lambda w: f"/models/{w.draft.pk}/submit/",
        everyone(404, alice=302, alice_on_sub_agency=302),
        method="post",
        label="submit Kim Sơn's draft",
        state=lambda w: snapshot(w.draft),
        done=lambda w: MovementModel.objects.get(pk=w.draft.pk).status == ModelStatus.SUBMITTED,
    ),
    Row(
        "models_registry:attachment",
        lambda w: f"/models/{w.draft.pk}/attachments/{w.draft_file.pk}/",
        everyone(404, alice=200, alice_on_sub_agency=200),
        label="file of Kim Sơn's draft",
        reveals=lambda w: EVIDENCE,
    ),
    Row(
        "models_registry:attachment",
        lambda w: f"/models/{w.recognised.pk}/attachments/{w.recognised_file.pk}/",
        everyone(200, nobody=404),
        label="file of a recognised model",
        reveals=lambda w: EVIDENCE,
    ),
    # Spreadsheets: every list as filtered; imports by officials (their agencies) and reviewers (recognised models).
    Row("models_registry:export_xlsx", lambda w: "/models/export.xlsx", everyone(200, nobody=403)),
    Row(
        "models_registry:export_csv",
        lambda w: "/models/export.csv",
        everyone(200, nobody=403),
        reveals=lambda w: w.recognised.name,
    ),
    # Asked by POST (the button of the page a long list shows instead): the file prepared as a job.
    Row("models_registry:export_xlsx", lambda w: "/models/export.xlsx", EXPORT_JOB, method="post", done=job_started),
    Row("models_registry:export_csv", lambda w: "/models/export.csv", EXPORT_JOB, method="post", done=job_started),
    Row("models_registry:review_queue_xlsx", lambda w: "/reviews/export.xlsx", everyone(403, reviewer=200)),
    Row(
        "models_registry:review_queue_xlsx",
        lambda w: "/reviews/export.xlsx",
        everyone(403, reviewer=302),
        method="post",
        done=job_started,
    ),
    Row(
        "models_registry:review_queue_csv",
        lambda w: "/reviews/export.csv?queue=submitted",
        everyone(403, reviewer=200),
        reveals=lambda w: w.submitted.name,
    ),
    Row(
        "models_registry:review_queue_csv",
        lambda w: "/reviews/export.csv?queue=submitted",
        everyone(403, reviewer=302),
        method="post",
        done=job_started,
    ),
    Row("models_registry:import_template", lambda w: "/models/import/template.xlsx", IMPORTERS(200)),
    Row("models_registry:import", lambda w: "/models/import/", IMPORTERS(200)),
    Row(
        "models_registry:import",
        lambda w: "/models/import/",
        IMPORTERS(Outcome(302, to=lambda w: ModelImport.objects.latest("pk").get_absolute_url())),
        method="post",
        data=lambda w: {"file": SimpleUploadedFile("ds.xlsx", w.import_file())},
        label="upload a workbook",
        state=lambda w: list(ModelImport.objects.values_list("pk", flat=True)),
        done=lambda w: ModelImport.objects.filter(user=w.user).exists() if w.user else False,
    ),
    Row("models_registry:import_list", lambda w: "/models/imports/", IMPORTERS(200)),
    Row(
        "models_registry:import_detail",
        lambda w: w.alices_import.get_absolute_url(),
        everyone(403, alice=200, alice_on_sub_agency=200, bob=404, reviewer=200),
        label="alice's import",
        reveals=lambda w: IMPORTED_NAME,
    ),
    Row(
        "models_registry:import_confirm",
        lambda w: f"/models/imports/{w.alices_import.pk}/confirm/",
        everyone(403, alice=302, alice_on_sub_agency=302, bob=404),
        method="post",
        label="confirm alice's import",
        state=all_models,
        done=lambda w: MovementModel.objects.filter(name=IMPORTED_NAME, status=ModelStatus.DRAFT).exists(),
    ),
    Row(
        "models_registry:import_check_again",
        lambda w: f"/models/imports/{w.alices_failed_check.pk}/check/",
        everyone(403, alice=302, alice_on_sub_agency=302, bob=404),
        method="post",
        label="check alice's large file again",
        state=lambda w: list(Job.objects.values_list("pk", flat=True)),
        done=lambda w: Job.objects.filter(kind=JOB_KIND).exists(),
    ),
    Row(
        "models_registry:replication_add",
        lambda w: f"/models/{w.recognised.pk}/replications/",
        LINKERS,
        method="post",
        data=lambda w: {"source": w.replicated.code, "kind": "adapted", "note": "Học tập kinh nghiệm"},
        label="say Yên Mô's recognised model replicates another",
        state=all_links,
        done=lambda w: Replication.objects.filter(replica=w.recognised, source=w.replicated).exists(),
    ),
    Row(
        "models_registry:replication_change",
        lambda w: f"/models/{w.link.replica_id}/replications/{w.link.pk}/",
        LINKERS,
        method="post",
        data=lambda w: {"kind": "adapted"},
        label="correct how it replicates",
        state=all_links,
        done=lambda w: Replication.objects.filter(pk=w.link.pk, kind="adapted").exists(),
    ),
    Row(
        "models_registry:replication_remove",
        lambda w: f"/models/{w.link.replica_id}/replications/{w.link.pk}/remove/",
        LINKERS,
        method="post",
        label="remove a replication link",
        state=all_links,
        done=lambda w: not Replication.objects.filter(pk=w.link.pk).exists(),
    ),
    # The admin site has its own login page; only staff get in.
    Row("admin:index", lambda w: "/admin/", everyone(ADMIN_LOGIN, administrator=200, anonymous=ADMIN_LOGIN)),
]


@pytest.mark.django_db
@cells(MATRIX)
def test_access(client, request, world, row, role):
    check(client, request, world, row, role)


@pytest.mark.django_db
@other_methods(MATRIX)
def test_the_other_method(client, request, world, row, method):
    check_other_method(client, request, world, row, method)


# What the refusals say, and the refusals the matrix has no column for. -----------------------------------


@pytest.fixture
def recognised(other_agency):
    return MovementModelFactory(owner_agency=other_agency, recognised=True, name="Mô hình của Yên Mô")


def test_official_cannot_edit_other_agencys_model(client, alice, recognised):
    """The refusal says why, and the model keeps its content."""
    client.force_login(alice)
    response = client.post(f"/models/{recognised.pk}/edit/", edit_model_data(recognised, name="Chiếm quyền"))
    assert response.status_code == 403
    assert shows(response, ONLY_OWNING_AGENCY)
    recognised.refresh_from_db()
    assert (recognised.name, recognised.version) == ("Mô hình của Yên Mô", 1)


def test_official_cannot_edit_submitted_model_of_own_agency(client, alice, agency):
    submitted = MovementModelFactory(owner_agency=agency, submitted=True)
    client.force_login(alice)
    response = client.post(f"/models/{submitted.pk}/edit/", edit_model_data(submitted, name="Đã sửa"))
    assert response.status_code == 403
    submitted_label = in_default_language("Submitted")
    assert shows(response, "A model that is “%(status)s” cannot be changed.", status=submitted_label)
    submitted.refresh_from_db()
    assert submitted.name != "Đã sửa"


def test_official_cannot_register_model_for_other_agency(client, alice, other_agency):
    client.force_login(alice)
    data = new_model_data(
        owner_agency=other_agency, registered_unit=AdministrativeUnitFactory(), field=FieldFactory()
    )
    response = client.post("/models/new/", data)
    assert response.status_code == 200
    assert "invalid_choice" in [e.code for e in response.context["form"].errors.as_data()["owner_agency"]]
    assert not MovementModel.objects.exists()


def test_official_without_agency_cannot_open_new_model_form(client, alice):
    alice.agency = None
    alice.save()
    client.force_login(alice)
    response = client.get("/models/new/")
    assert response.status_code == 403
    assert shows(response, "Your account belongs to no agency; ask an administrator to set it.")


def test_nav_offers_new_model_only_to_officials(client, alice, reviewer):
    client.force_login(reviewer)
    assert 'href="/models/new/"' not in client.get("/").content.decode()
    client.force_login(alice)
    assert 'href="/models/new/"' in client.get("/").content.decode()

