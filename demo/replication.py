"""The demo's replication links (nhân rộng): a few models taken up across the province, some onward.

Recorded by the steering committee office's reviewer (who may add links on any model) through
models_registry.services.replication_link, each dated a few days after the replicating model was entered, so the
timeline reads as it happened. A model replicates only models recognised in an earlier year, so the links run
forward in time and never form a cycle; the choice is drawn from fixed seeds, so every load gives the same links.
"""

import datetime
import random

from models_registry.choices import ReplicationKind
from models_registry.models import MovementModel
from models_registry.services import replication_link

from .registry import LIST_RECORDER

SOURCES = 6  # models replicated across several communes
DIRECT = (3, 6)  # how many models replicate each of them directly
ONWARD = 2  # of those, how many are replicated in turn
NOTES = [
    "Học tập kinh nghiệm qua buổi tham quan thực tế, áp dụng nguyên cách làm.",
    "Điều chỉnh cách làm cho phù hợp với địa bàn đông đồng bào theo đạo.",
    "Vận dụng sau hội nghị sơ kết phong trào “Dân vận khéo” cấp huyện.",
    "Áp dụng tại các thôn, tổ dân phố; bổ sung tổ hòa giải ở cơ sở.",
]


def load_replications(users, typical_codes: set[str]) -> int:
    """Link the demo's replications; says how many links were made."""
    recorder = users[LIST_RECORDER]
    in_list = list(
        MovementModel.objects.in_list()
        .only("pk", "code", "field_id", "registered_unit_id", "recognition_year", "created_at", "status")
        .order_by("code")
    )
    later = {}
    for model in in_list:
        later.setdefault(model.field_id, []).append(model)
    # The sources: typical models recognised early enough to have been taken up since.
    early = sorted(
        (m for m in in_list if m.recognition_year <= 2020),
        key=lambda m: (m.code not in typical_codes, m.recognition_year, m.code),
    )
    sources = early[:SOURCES]
    linked = 0
    for source in sources:
        rng = random.Random(f"replication|{source.code}")
        direct = _pick(rng, later.get(source.field_id, []), source, rng.randint(*DIRECT))
        for replica in direct:
            linked += _link(rng, recorder, replica, source)
        for replica in direct[:ONWARD]:
            for onward in _pick(rng, later.get(replica.field_id, []), replica, rng.randint(1, 2), avoid=direct):
                linked += _link(rng, recorder, onward, replica)
    return linked


def _pick(rng, candidates, source, count, avoid=()):
    """`count` models recognised after `source`, each in another unit than the source and than each other."""
    taken_units = {source.registered_unit_id}
    chosen = []
    pool = [m for m in candidates if m.recognition_year > source.recognition_year and m not in avoid]
    rng.shuffle(pool)
    for model in pool:
        if model.registered_unit_id not in taken_units:
            chosen.append(model)
            taken_units.add(model.registered_unit_id)
        if len(chosen) == count:
            break
    return sorted(chosen, key=lambda m: m.code)


def _link(rng, recorder, replica, source) -> int:
    if replica.replication_sources.filter(source=source).exists():
        return 0
    replication_link(
        replica=replica,
        source=source,
        kind=rng.choice([ReplicationKind.ADOPTED, ReplicationKind.ADAPTED]),
        note=rng.choice(NOTES),
        user=recorder,
        at=replica.created_at + datetime.timedelta(days=rng.randint(2, 20)),
    )
    return 1
