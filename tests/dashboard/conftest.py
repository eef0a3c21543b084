"""A small province for the dashboard: two agency trees, units merged in 2025, models in every state of
the workflow and over several years, and directives open, overdue and done."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import translation

from meetings.choices import AssignmentState
from models_registry.choices import ModelStatus, UnitLevel
from tests.factories import (
    AdministrativeUnitFactory,
    DirectiveAssignmentFactory,
    DirectiveFactory,
    FieldFactory,
    MeetingFactory,
    MovementModelFactory,
    ReplicationFactory,
    UnitSuccessionFactory,
)


@pytest.fixture(autouse=True)
def _english_interface(settings):
    """These tests read the English source messages; the Vietnamese default is checked by the browser test."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@dataclass
class Province:
    province: object
    district: object
    old_commune: object  # merged into new_commune in July 2025
    new_commune: object
    other_commune: object
    fields: list
    models: dict


def recognised(**kwargs):
    return MovementModelFactory(
        recognised=True, recognition_decision="12/QĐ-BCĐ", recognising_body="Ban Chỉ đạo tỉnh", **kwargs
    )


@pytest.fixture
def province(agency, sub_agency, other_agency):
    """Models of Kim Sơn (agency, with sub_agency under it) and of Yên Mô (other_agency).

    In the list today: 4 (m1, m2, m3 flagged, m4 under review); at the end of 2023: 5 (m6 was removed in
    2024); new in 2023: m1, m3; removed in 2023: m5."""
    province = AdministrativeUnitFactory(name="Tỉnh Thử Nghiệm", level=UnitLevel.PROVINCE)
    district = AdministrativeUnitFactory(
        name="Huyện Thử Nghiệm", level=UnitLevel.DISTRICT, parent=province, valid_to=datetime.date(2025, 6, 30)
    )
    old_commune = AdministrativeUnitFactory(name="Xã Cũ", parent=district, valid_to=datetime.date(2025, 6, 30))
    new_commune = AdministrativeUnitFactory(name="Xã Mới", parent=province, valid_from=datetime.date(2025, 7, 1))
    other_commune = AdministrativeUnitFactory(name="Xã Khác", parent=province)
    UnitSuccessionFactory(predecessor=old_commune, successor=new_commune, effective_date=datetime.date(2025, 7, 1))
    fields = [FieldFactory(name="Kinh tế", order=1), FieldFactory(name="Văn hóa - xã hội", order=2)]
    models = {
        "m1": recognised(
            owner_agency=sub_agency,
            registered_unit=old_commune,
            field=fields[0],
            recognition_year=2023,
            is_typical=True,
        ),
        "m2": recognised(owner_agency=agency, registered_unit=new_commune, field=fields[1], recognition_year=2022),
        "m3": MovementModelFactory(
            flagged=True,
            owner_agency=other_agency,
            registered_unit=other_commune,
            field=fields[0],
            recognition_year=2023,
        ),
        "m4": MovementModelFactory(
            flagged=True,
            status=ModelStatus.UNDER_REVIEW,
            owner_agency=other_agency,
            registered_unit=district,
            field=fields[1],
            recognition_year=2021,
            year_started=2020,
        ),
        "m5": recognised(
            owner_agency=agency,
            registered_unit=other_commune,
            field=fields[0],
            recognition_year=2021,
            status=ModelStatus.REMOVED,
            removal_year=2023,
        ),
        "m6": recognised(
            owner_agency=sub_agency,
            registered_unit=new_commune,
            field=fields[0],
            recognition_year=2022,
            status=ModelStatus.REMOVED,
            removal_year=2024,
        ),
        "m7": MovementModelFactory(owner_agency=agency, registered_unit=new_commune, field=fields[0]),  # a draft
        "m8": MovementModelFactory(
            submitted=True, owner_agency=other_agency, registered_unit=other_commune, field=fields[1]
        ),
    }
    # Replication: m1 is replicated by m2 and m3, and onward by m4 (which replicates m2); the draft m7 replicating
    # m2 and the removed m6 replicating m5 spread nothing (only models in the list count).
    for replica, source in (("m2", "m1"), ("m3", "m1"), ("m4", "m2"), ("m7", "m2"), ("m6", "m5")):
        ReplicationFactory(replica=models[replica], source=models[source])
    return Province(province, district, old_commune, new_commune, other_commune, fields, models)


@pytest.fixture
def directives(secretary, agency, sub_agency, other_agency):
    """Kim Sơn leads an overdue one and a done one; Yên Mô leads an ongoing one with sub_agency co-operating,
    and a draft meeting holds one more (only secretaries and leaders see it)."""
    meeting = MeetingFactory(created_by=secretary, published=True, title="Hội nghị tổng kết năm 2023")
    overdue = DirectiveFactory(meeting=meeting, lead=agency)  # due 30/06/2024
    done = DirectiveFactory(meeting=meeting, lead=sub_agency, deadline=datetime.date(2030, 1, 1))
    done.assignments.update(state=AssignmentState.CONFIRMED)
    ongoing = DirectiveFactory(meeting=meeting, lead=other_agency, ongoing=True, cooperating=[sub_agency])
    draft = MeetingFactory(created_by=secretary, title="Phiên họp quý IV")
    hidden = DirectiveFactory(meeting=draft, lead=other_agency, deadline=datetime.date(2030, 1, 1))
    DirectiveAssignmentFactory(directive=hidden, agency=agency)
    return {"overdue": overdue, "done": done, "ongoing": ongoing, "hidden": hidden}
