"""A small registry for the drills, written through the services as officials and reviewers would write it:
the demo's agencies and accounts (without its 1,664 models), and for each demo official some models with
indicators and evidence files (PDF and PNG, Vietnamese names), some of them submitted and recognised."""

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from demo.photos import solid_png
from demo.registry import agency_specs, load_agencies, load_users
from models_registry import services
from models_registry.choices import ModelLevel
from models_registry.models import AdministrativeUnit, Field, IndicatorType, MovementModel
from models_registry.services import IndicatorData

OFFICIALS = ("canbo", "canbo2")
# The steering committee's office owns no model, so it may decide on every one (separation of duties).
DECIDING_REVIEWER = "thamdinh2"
LEADER = "lanhdao"
PASSWORD = "dvk-demo-2024"  # the demo's published password: drill databases only


@dataclass
class DrillData:
    drafts: dict[str, list[int]] = field(default_factory=dict)  # official -> their drafts' ids
    recognised: list[int] = field(default_factory=list)  # decidable by DECIDING_REVIEWER
    files: int = 0


def evidence_files(rng: random.Random, number: int, count: int) -> list[SimpleUploadedFile]:
    files = []
    for index in range(count):
        if index % 2:
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            files.append(SimpleUploadedFile(f"Ảnh hiện trường {number}-{index}.png", solid_png(rgb=colour)))
        else:
            body = rng.randbytes(rng.randrange(2_000, 120_000))
            files.append(SimpleUploadedFile(f"Biên bản họp dân số {number}-{index}.pdf", b"%PDF-1.4\n" + body))
    return files


def load_drill_data(*, models_per_official: int = 12, files_per_model: int = 2, seed: int = 1635) -> DrillData:
    rng = random.Random(seed)
    units = {unit.code: unit for unit in AdministrativeUnit.objects.filter(valid_from__isnull=True)}
    agencies, _ = load_agencies(agency_specs(units), units)
    users, _ = load_users(agencies)
    fields = list(Field.objects.filter(is_active=True).order_by("pk"))
    indicator_types = list(IndicatorType.objects.order_by("pk")[:3])
    reviewer = users[DECIDING_REVIEWER]
    today = timezone.localdate()
    data = DrillData()
    number = MovementModel.objects.count()
    for username in OFFICIALS:
        official = users[username]
        data.drafts[username] = []
        for index in range(models_per_official):
            number += 1
            model = services.model_create(
                user=official,
                data={
                    "name": f"Mô hình diễn tập số {number}: dân vận khéo trong xây dựng nông thôn mới",
                    "owner_agency": official.agency,
                    "registered_unit": official.agency.administrative_unit,
                    "field": fields[number % len(fields)],
                    "level": ModelLevel.DISTRICT,
                    "year_started": 2018 + number % 6,
                    "description": f"Mô tả mô hình số {number}.",
                    "approach": "Cán bộ bám dân, họp dân, làm gương.",
                    "results": f"Kết quả ban đầu của mô hình số {number}.",
                },
                indicators=[IndicatorData(kind, Decimal(rng.randrange(1, 500)), 2023) for kind in indicator_types],
                attachments=evidence_files(rng, number, files_per_model),
            )
            data.files += files_per_model
            if index % 2:  # half stay drafts the officials edit; half enter the list
                data.drafts[username].append(model.pk)
                continue
            services.model_submit(model=model, user=official)
            services.model_recognise(
                model=model,
                user=reviewer,
                decision_number=f"{number}/QĐ-BCĐ",
                decision_date=date(today.year, 1, 1),
                recognising_body="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
            )
            data.recognised.append(model.pk)
    return data
