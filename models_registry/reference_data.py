"""Reference data that ships with the project: Ninh Bình's administrative units and their 2025
reorganisations, the four fields of the movement, and the usual indicator types.

Used by a data migration (so every install has it) and by `manage.py load_reference_data`; both pass
the app registry, so this code works with historical models too. Loading is idempotent.
Sources and known gaps of the unit files: data/ninh-binh-units/SOURCES.md.
"""

import csv
import datetime
from pathlib import Path

from django.db import transaction

UNITS_DIR = Path(__file__).resolve().parent / "data" / "ninh-binh-units"
NINH_BINH_OLD = "37"  # the province code of Ninh Bình before the July 2025 merger

JANUARY_2025 = datetime.date(2025, 1, 1)  # NQ 1318/NQ-UBTVQH15: Ninh Bình city + Hoa Lư district
JULY_2025 = datetime.date(2025, 7, 1)  # NQ 1674/NQ-UBTVQH15 and NQ 202/2025/QH15: two-tier government
JANUARY_BASIS = "NQ 1318/NQ-UBTVQH15 (10/12/2024)"
JULY_BASIS = "NQ 1674/NQ-UBTVQH15 (16/06/2025), khoản %s"

FIELDS = [
    "Kinh tế",
    "Văn hóa – xã hội",
    "Quốc phòng – an ninh",
    "Xây dựng Đảng và hệ thống chính trị",
]

INDICATOR_TYPES = [
    ("Người dân tham gia", "người"),
    ("Ngày công lao động", "ngày công"),
    ("Diện tích đất hiến", "m²"),
    ("Tiền huy động", "đồng"),
    ("Hộ thoát nghèo", "hộ"),
    ("Đường giao thông làm mới, nâng cấp", "km"),
    ("Nhà ở xây mới, sửa chữa", "căn"),
    ("Vụ việc khiếu nại, tố cáo được giải quyết", "vụ việc"),
    ("Cây xanh trồng mới", "cây"),
    ("Hộ dân đạt danh hiệu gia đình văn hóa", "hộ"),
]


def _rows(name):
    with open(UNITS_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_fields(apps):
    Field = apps.get_model("models_registry", "Field")
    for order, name in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(name=name, defaults={"order": order})


def load_indicator_types(apps):
    IndicatorType = apps.get_model("models_registry", "IndicatorType")
    for order, (name, unit) in enumerate(INDICATOR_TYPES, start=1):
        IndicatorType.objects.get_or_create(name=name, defaults={"unit": unit, "order": order})


def load_units(apps):
    """Three snapshots become dated rows: 2024, after 1 January 2025, after 1 July 2025.

    A unit of one snapshot continues in the next (same row) when its code, name and parent row are
    unchanged; otherwise the next snapshot's unit is a new row and the old one ends the day before.
    """
    Unit = apps.get_model("models_registry", "AdministrativeUnit")
    Succession = apps.get_model("models_registry", "UnitSuccession")
    # What is there already, read once: each unit and succession is looked up here and created only when missing
    # (a get_or_create per row read each one again, in a savepoint of its own: a load over loaded data took ten
    # times as long).
    units = {(row.code, row.valid_from): row for row in Unit.objects.all()}
    successions = set(Succession.objects.values_list("predecessor_id", "successor_id"))

    def unit(code, name, level, parent, valid_from, valid_to):
        row = units.get((code, valid_from))
        if row is None:
            row = units[code, valid_from] = Unit.objects.create(
                code=code, valid_from=valid_from, name=name, level=level, parent=parent, valid_to=valid_to
            )
        return row

    def succeed(predecessor, successor, date, share="full", basis=""):
        if (predecessor.pk, successor.pk) not in successions:
            successions.add((predecessor.pk, successor.pk))
            Succession.objects.create(
                predecessor=predecessor, successor=successor, effective_date=date, share=share, legal_basis=basis
            )

    # Rows are listed parents first in every file.
    mid_by_code = {r["code"]: r for r in _rows("units_20250301.csv")}
    last_day_2024, last_day_before_july = datetime.date(2024, 12, 31), datetime.date(2025, 6, 30)

    units_2024, continued = {}, {}
    for r in _rows("units_pre2025.csv"):
        mid = mid_by_code.get(r["code"])
        continued[r["code"]] = bool(
            mid
            and (mid["name"], mid["parent_code"]) == (r["name"], r["parent_code"])
            and (not r["parent_code"] or continued[r["parent_code"]])
        )
        units_2024[r["code"]] = unit(
            r["code"],
            r["name"],
            r["level"],
            units_2024.get(r["parent_code"]),
            None,
            last_day_before_july if continued[r["code"]] else last_day_2024,
        )
    units_mid = {}
    for r in mid_by_code.values():
        if continued.get(r["code"]):
            units_mid[r["code"]] = units_2024[r["code"]]
        else:
            units_mid[r["code"]] = unit(
                r["code"], r["name"], r["level"], units_mid.get(r["parent_code"]), JANUARY_2025, last_day_before_july
            )
    units_2025 = {}
    for r in _rows("units_2025.csv"):
        units_2025[r["code"]] = unit(
            r["code"], r["name"], r["level"], units_2025.get(r["parent_code"]), JULY_2025, None
        )

    # The province: the old Ninh Bình became part of the new one (with Nam Định and Hà Nam).
    succeed(units_mid[NINH_BINH_OLD], units_2025[NINH_BINH_OLD], JULY_2025, basis="NQ 202/2025/QH15")

    detail = [r for r in _rows("merges_2025_detail.csv") if r["old_province"] == NINH_BINH_OLD]
    july_targets: dict[str, set[str]] = {}
    for r in detail:
        old = units_2024[r["old_code"]]
        if not r["code_20250301"]:
            continue  # dissolved on 01/01/2025 with no recorded successor: kept as such, never guessed
        mid = units_mid[r["code_20250301"]]
        if mid.pk != old.pk:
            succeed(old, mid, JANUARY_2025, basis=JANUARY_BASIS)
        july_targets.setdefault(r["code_20250301"], set()).add((r["new_code"], r["nq1674_clause"]))
    for mid_code, targets in july_targets.items():
        for new_code, clause in sorted(targets):
            succeed(
                units_mid[mid_code],
                units_2025[new_code],
                JULY_2025,
                share="full" if len(targets) == 1 else "part",
                basis=JULY_BASIS % clause,
            )

    # Districts that ended on 01/01/2025 went where their communes went (Ninh Bình city and Hoa Lư
    # district became Hoa Lư city).
    for r in detail:
        district = units_2024[r["old_district_code_2024"]]
        if r["code_20250301"] and district.valid_to == last_day_2024:
            succeed(district, units_mid[r["code_20250301"]].parent, JANUARY_2025, basis=JANUARY_BASIS)


def load_all(apps):
    # All or none, and one commit: outside a transaction every row would be a commit of its own, each moving
    # the dashboard's version (loading into a flushed test database took five times as long).
    with transaction.atomic():
        load_fields(apps)
        load_indicator_types(apps)
        load_units(apps)
