"""The demo data behind `manage.py load_demo`: real Ninh Bình agencies and units, invented models and people.

It reproduces the figures of the source (the 2023 review of the "Dân vận khéo" movement): 1,635 models
in the province's list at the end of 2023, 421 of them recognised in 2023, the others recognised between
2016 and 2022, plus a few drafts and submissions of 2025-2026 registered in the units that exist since
July 2025. Names, descriptions, approaches and results are put together from the phrase tables below
with a seeded random generator, so every load plans exactly the same rows.

Agencies and accounts are reference data, created here as an administrator would set them up; the models and
everything that happened to them are entered through the registry's services (entries.py, review.py), dated
when they happened. Loading again changes nothing.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.roles import Role
from accounts.second_factor import enrol_with_key, needs_second_factor
from models_registry.choices import AgencyKind, ModelKind, ModelLevel, ModelStatus, UnitLevel
from models_registry.models import AdministrativeUnit, Agency

DEMO_PASSWORD = "dvk-demo-2024"
# The demo reviewers' and administrator's authenticator key (second factor), printed by load_demo: add it to any
# authenticator app, or run `python manage.py totp_code USERNAME` in a checkout.
DEMO_TOTP_KEY = "64766b2d64656d6f2d746f74702d6b65792d3230"
DEMO_TOTP_KEY_BASE32 = "MR3GWLLEMVWW6LLUN52HALLLMV4S2MRQ"
SEED = 1635

# Models in the list by the year they were recognised: a movement that grows every year, reaching the
# source's 1,635 at the end of 2023, of which 421 new in 2023.
RECOGNISED_PER_YEAR = {2016: 62, 2017: 98, 2018: 131, 2019: 167, 2020: 205, 2021: 248, 2022: 303, 2023: 421}
# Models not (yet) in the list: (status, year the model was registered, how many).
NOT_IN_LIST = [(ModelStatus.DRAFT, 2026, 12), (ModelStatus.SUBMITTED, 2025, 5), (ModelStatus.SUBMITTED, 2026, 3)]
# The 2023 review (bình xét) removed these models from the list: (year recognised, why, whether the agency
# answered the flag). They come on top of the 1,635, so the list still holds 1,635 at the end of 2023.
REMOVED_IN_2023_REVIEW = [
    (2017, "inactive", False),
    (2018, "no_results", True),
    (2018, "inactive", False),
    (2019, "duplicate", True),
    (2019, "no_results", False),
    (2020, "inactive", True),
    (2020, "merged", False),
    (2021, "no_results", True),
    (2021, "inactive", False),
]
# The directive to compile "100 typical models and examples of Dân vận khéo, 2021-2025".
TYPICAL_MODELS, TYPICAL_FROM_YEAR = 100, 2021
# Plan No. 26 of the Provincial Party Standing Committee starts the 2021-2025 phase of the movement;
# from then on the steering committees, not the Party standing committees, recognise models.
PLAN_26_YEAR = 2021

PROVINCE = "37"  # the code of the province, before and after July 2025

ECONOMY, SOCIETY, SECURITY, POLITICS = (
    "Kinh tế",
    "Văn hóa – xã hội",
    "Quốc phòng – an ninh",
    "Xây dựng Đảng và hệ thống chính trị",
)
PEOPLE, WORKDAYS, LAND, MONEY, OUT_OF_POVERTY = (
    "Người dân tham gia",
    "Ngày công lao động",
    "Diện tích đất hiến",
    "Tiền huy động",
    "Hộ thoát nghèo",
)
ROADS, HOUSES, CASES, TREES, CULTURED_FAMILIES = (
    "Đường giao thông làm mới, nâng cấp",
    "Nhà ở xây mới, sửa chữa",
    "Vụ việc khiếu nại, tố cáo được giải quyết",
    "Cây xanh trồng mới",
    "Hộ dân đạt danh hiệu gia đình văn hóa",
)


# ---------------------------------------------------------------------------------------------------
# Agencies


@dataclass(frozen=True)
class AgencySpec:
    """An agency to create. `profiles` say which model themes suit it (none: it owns no models),
    `weight` how many models it owns relative to the others, `district` the district it works in, if one."""

    name: str
    short_name: str
    kind: str
    unit_code: str
    tier: str  # the level of its models: province, district or commune
    profiles: tuple[str, ...] = ()
    parent: str | None = None
    district: str | None = None
    weight: float = 4


def _provincial(name, short_name, kind, profiles, parent=None, unit_code=PROVINCE) -> AgencySpec:
    """A provincial body; `unit_code` is the district it sits in when it serves one place, not the province."""
    district = None if unit_code == PROVINCE else unit_code
    return AgencySpec(name, short_name, kind, unit_code, ModelLevel.PROVINCE, profiles, parent, district)


EDUCATION = "Sở Giáo dục và Đào tạo tỉnh Ninh Bình"
HEALTH = "Sở Y tế tỉnh Ninh Bình"
ENTERPRISES = "Đảng ủy Khối Doanh nghiệp tỉnh Ninh Bình"
POLICE = "Công an tỉnh Ninh Bình"
MILITARY = "Bộ Chỉ huy Quân sự tỉnh Ninh Bình"
STEERING_COMMITTEE = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Ninh Bình"
PROVINCIAL_AGENCIES = [
    _provincial("Ban Dân vận Tỉnh ủy Ninh Bình", "BDV Tỉnh ủy", AgencyKind.PARTY, ("party", "local")),
    _provincial("Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh Ninh Bình", "BCĐ QCDC tỉnh",
                AgencyKind.STEERING_COMMITTEE, ()),
    _provincial(STEERING_COMMITTEE, "BCĐ Dân vận khéo tỉnh", AgencyKind.STEERING_COMMITTEE, ()),
    _provincial("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Ninh Bình", "MTTQ tỉnh", AgencyKind.FRONT, ("local",)),
    _provincial("Hội Nông dân tỉnh Ninh Bình", "HND tỉnh", AgencyKind.FRONT, ("farmers",)),
    _provincial("Hội Liên hiệp Phụ nữ tỉnh Ninh Bình", "Hội LHPN tỉnh", AgencyKind.FRONT, ("women",)),
    _provincial("Tỉnh đoàn Ninh Bình", "Tỉnh đoàn", AgencyKind.FRONT, ("youth",)),
    _provincial("Hội Cựu chiến binh tỉnh Ninh Bình", "Hội CCB tỉnh", AgencyKind.FRONT, ("veterans",)),
    _provincial("Liên đoàn Lao động tỉnh Ninh Bình", "LĐLĐ tỉnh", AgencyKind.FRONT, ("labour",)),
    _provincial(POLICE, "Công an tỉnh", AgencyKind.ARMED_FORCES, ("police",)),
    _provincial(MILITARY, "Bộ CHQS tỉnh", AgencyKind.ARMED_FORCES, ("military",)),
    _provincial("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Ninh Bình", "BĐBP tỉnh", AgencyKind.ARMED_FORCES, ("border",)),
    _provincial(EDUCATION, "Sở GD&ĐT", AgencyKind.STATE, ("education",)),
    _provincial(HEALTH, "Sở Y tế", AgencyKind.STATE, ("health",)),
    _provincial("Sở Nông nghiệp và Phát triển nông thôn tỉnh Ninh Bình", "Sở NN&PTNT", AgencyKind.STATE,
                ("agriculture",)),
    _provincial("Sở Lao động – Thương binh và Xã hội tỉnh Ninh Bình", "Sở LĐ-TB&XH", AgencyKind.STATE, ("state",)),
    _provincial(ENTERPRISES, "ĐU Khối DN", AgencyKind.PARTY, ("party",)),
    _provincial("Trường THPT chuyên Lương Văn Tụy", "THPT chuyên LVT", AgencyKind.SCHOOL_HOSPITAL, ("education",),
                EDUCATION, "369"),
    _provincial("Trường THPT Kim Sơn A", "THPT Kim Sơn A", AgencyKind.SCHOOL_HOSPITAL, ("education",),
                EDUCATION, "376"),
    _provincial("Trường THPT Nho Quan A", "THPT Nho Quan A", AgencyKind.SCHOOL_HOSPITAL, ("education",),
                EDUCATION, "372"),
    _provincial("Bệnh viện Đa khoa tỉnh Ninh Bình", "BVĐK tỉnh", AgencyKind.SCHOOL_HOSPITAL, ("health",),
                HEALTH, "369"),
    _provincial("Bệnh viện Sản Nhi Ninh Bình", "BV Sản Nhi", AgencyKind.SCHOOL_HOSPITAL, ("health",), HEALTH, "369"),
    _provincial("Công ty Xi măng Vicem Tam Điệp", "Vicem Tam Điệp", AgencyKind.ENTERPRISE, ("enterprise",),
                ENTERPRISES, "370"),
    _provincial("Công ty Điện lực Ninh Bình", "PC Ninh Bình", AgencyKind.ENTERPRISE, ("enterprise",),
                ENTERPRISES, "369"),
    _provincial("Công ty Cổ phần Phân lân Ninh Bình", "Phân lân Ninh Bình", AgencyKind.ENTERPRISE, ("enterprise",),
                ENTERPRISES, "374"),
    _provincial("Công ty Cổ phần Du lịch Tràng An", "Du lịch Tràng An", AgencyKind.ENTERPRISE,
                ("enterprise", "tourism"), ENTERPRISES, "374"),
]  # fmt: skip

# The district-level units before 2025: (code, Party committee, the district as agency names say it, short form).
DISTRICTS = [
    ("369", "Thành ủy Ninh Bình", "thành phố Ninh Bình", "TP Ninh Bình"),
    ("370", "Thành ủy Tam Điệp", "thành phố Tam Điệp", "TP Tam Điệp"),
    ("372", "Huyện ủy Nho Quan", "huyện Nho Quan", "Nho Quan"),
    ("373", "Huyện ủy Gia Viễn", "huyện Gia Viễn", "Gia Viễn"),
    ("374", "Huyện ủy Hoa Lư", "huyện Hoa Lư", "Hoa Lư"),
    ("375", "Huyện ủy Yên Khánh", "huyện Yên Khánh", "Yên Khánh"),
    ("376", "Huyện ủy Kim Sơn", "huyện Kim Sơn", "Kim Sơn"),
    ("377", "Huyện ủy Yên Mô", "huyện Yên Mô", "Yên Mô"),
]
# A district's bodies: name (with {committee}, {place}, {youth_union}), short name (with {short}), kind,
# profiles, weight, parent. The Ban Dân vận of the district's Party committee is the root of the district's
# tree and guides its Front and mass organisations; the police and the military answer to their provincial
# command.
BAN_DAN_VAN = "Ban Dân vận {committee}"
DISTRICT_BODIES = [
    (BAN_DAN_VAN, "BDV {short}", AgencyKind.PARTY, ("party", "local"), 6, None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {place}", "MTTQ {short}", AgencyKind.FRONT, ("local",), 4, BAN_DAN_VAN),
    ("Hội Nông dân {place}", "HND {short}", AgencyKind.FRONT, ("farmers",), 2.5, BAN_DAN_VAN),
    ("Hội Liên hiệp Phụ nữ {place}", "Hội LHPN {short}", AgencyKind.FRONT, ("women",), 2.5, BAN_DAN_VAN),
    ("{youth_union}", "Đoàn TN {short}", AgencyKind.FRONT, ("youth",), 2, BAN_DAN_VAN),
    ("Hội Cựu chiến binh {place}", "Hội CCB {short}", AgencyKind.FRONT, ("veterans",), 2, BAN_DAN_VAN),
    ("Công an {place}", "CA {short}", AgencyKind.ARMED_FORCES, ("police",), 2, POLICE),
    ("Ban Chỉ huy Quân sự {place}", "BCHQS {short}", AgencyKind.ARMED_FORCES, ("military",), 2, MILITARY),
]
COMMUNE_WEIGHT = 8  # the commune Party committees own most models


def lower_first(text: str) -> str:
    """A unit's name as it reads inside a sentence or an agency's name: "Xã Kim Chính" -> "xã Kim Chính"."""
    return text[:1].lower() + text[1:]


def agency_specs(units: dict[str, AdministrativeUnit]) -> list[AgencySpec]:
    """Every demo agency, parents before children: the provincial bodies, then each district's bodies and the
    Party committees of its communes (from `units`, the pre-2025 units by code)."""
    specs = list(PROVINCIAL_AGENCIES)
    communes = sorted((unit for unit in units.values() if unit.level == UnitLevel.COMMUNE), key=lambda u: u.code)
    for code, committee, place, short in DISTRICTS:
        words = {
            "committee": committee,
            "place": place,
            "short": short,
            "youth_union": committee.replace(" ủy ", " đoàn "),  # Huyện ủy Kim Sơn -> Huyện đoàn Kim Sơn
        }
        specs.extend(
            AgencySpec(
                name=name.format(**words),
                short_name=short_name.format(**words),
                kind=kind,
                unit_code=code,
                tier=ModelLevel.DISTRICT,
                profiles=profiles,
                parent=parent.format(**words) if parent else None,
                district=code,
                weight=weight,
            )
            for name, short_name, kind, profiles, weight, parent in DISTRICT_BODIES
        )
        specs.extend(
            AgencySpec(
                name=f"Đảng ủy {lower_first(commune.name)}",
                short_name=commune.name,
                kind=AgencyKind.COMMUNE,
                unit_code=commune.code,
                tier=ModelLevel.COMMUNE,
                profiles=("local",),
                parent=BAN_DAN_VAN.format(**words),
                district=code,
                weight=COMMUNE_WEIGHT,
            )
            for commune in communes
            if commune.parent.code == code
        )
    return specs


# ---------------------------------------------------------------------------------------------------
# Demo users


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    agency: str | None
    family_name: str
    given_names: str
    job_title: str


KIM_SON_BAN_DAN_VAN = "Ban Dân vận Huyện ủy Kim Sơn"  # canbo's agency: it sees and edits the drafts of Kim Sơn
YEN_MO_BAN_DAN_VAN = "Ban Dân vận Huyện ủy Yên Mô"  # canbo2's agency
DEMO_USERS = [
    DemoUser("canbo", Role.OFFICIAL, KIM_SON_BAN_DAN_VAN, "Phạm", "Thị Thu Hà",
             "Chuyên viên Ban Dân vận Huyện ủy Kim Sơn"),
    DemoUser("canbo2", Role.OFFICIAL, YEN_MO_BAN_DAN_VAN, "Đinh", "Văn Quyết",
             "Chuyên viên Ban Dân vận Huyện ủy Yên Mô"),
    DemoUser("thamdinh", Role.REVIEWER, "Ban Dân vận Tỉnh ủy Ninh Bình", "Vũ", "Thị Minh Nguyệt",
             "Chuyên viên Ban Dân vận Tỉnh ủy, thành viên Tổ giúp việc Ban Chỉ đạo"),
    DemoUser("thamdinh2", Role.REVIEWER, STEERING_COMMITTEE, "Hoàng", "Văn Tuấn",
             "Chuyên viên Văn phòng Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh"),
    DemoUser("thuky", Role.SECRETARY, STEERING_COMMITTEE, "Lê", "Hoàng Nam",
             "Thư ký Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh"),
    DemoUser("lanhdao", Role.LEADER, "Ban Dân vận Tỉnh ủy Ninh Bình", "Nguyễn", "Đức Thịnh",
             "Phó Trưởng Ban Dân vận Tỉnh ủy, thành viên Ban Chỉ đạo"),
    DemoUser("quantri", Role.ADMINISTRATOR, None, "Trần", "Quốc Bảo", "Quản trị hệ thống, Văn phòng Tỉnh ủy"),
]  # fmt: skip
# Records the province's existing list ("record an earlier recognition"): the steering committee office's reviewer,
# who may decide on every model since the office owns none (the administrator has no part in decisions).
LIST_RECORDER = "thamdinh2"
OFFICIAL_AGENCIES = (KIM_SON_BAN_DAN_VAN, YEN_MO_BAN_DAN_VAN)
REVIEWER_AGENCY = "Ban Dân vận Tỉnh ủy Ninh Bình"  # thamdinh's: separation of duties keeps it off its models


# ---------------------------------------------------------------------------------------------------
# Themes: what a model is about, and the phrases its name, description, approach and results are made of


@dataclass(frozen=True)
class IndicatorRange:
    """Plausible values of an indicator for a commune-level model; larger bodies report more."""

    name: str
    low: float
    high: float
    step: float = 1


@dataclass(frozen=True)
class Theme:
    field: str
    profiles: tuple[str, ...]
    weight: float
    activities: tuple[str, ...]  # "vận động nhân dân hiến đất ...": follows "Dân vận khéo trong"
    slogans: tuple[str, ...]  # a model's own name, quoted: Mô hình “...”
    groups: tuple[str, ...]  # who carries it in a hamlet: "Tổ tự quản an ninh trật tự khu dân cư"
    situation: str  # why the model was needed, with {place}
    steps: tuple[str, ...]  # its approach (cách làm)
    indicators: tuple[IndicatorRange, ...]
    districts: tuple[str, ...] = ()  # only where this is found; empty: everywhere


# A district's farm trades and crafts ({specialty}) and its sights ({destination}).
SPECIALTIES = {
    "369": ("trồng rau an toàn", "trồng hoa, cây cảnh"),
    "370": ("trồng dứa", "trồng ổi, na trên đất đồi", "chăn nuôi bò thịt"),
    "372": ("chăn nuôi dê núi", "nuôi ong lấy mật", "trồng bưởi trên đất đồi", "làm miến dong"),
    "373": ("trồng lúa hữu cơ", "nuôi cá ruộng trũng", "trồng rau màu vụ đông"),
    "374": ("thêu ren", "chế tác đá mỹ nghệ", "chăn nuôi dê núi"),
    "375": ("trồng cói, dệt chiếu", "trồng lúa chất lượng cao", "trồng rau màu vụ đông"),
    "376": ("trồng và chế biến cói", "nuôi ngao vùng bãi bồi ven biển", "nuôi tôm", "nấu rượu Kim Sơn"),
    "377": ("làm nem chua Yên Mạc", "trồng lúa hữu cơ", "chăn nuôi lợn an toàn sinh học"),
}
DESTINATIONS = {
    "372": ("Cúc Phương",),
    "373": ("Vân Long", "Bái Đính"),
    "374": ("Tràng An", "Tam Cốc – Bích Động", "Cố đô Hoa Lư"),
    "376": ("Phát Diệm",),
}
ALL_SPECIALTIES = sum(SPECIALTIES.values(), ())
ALL_DESTINATIONS = sum(DESTINATIONS.values(), ())

THEMES = [
    Theme(
        field=ECONOMY,
        profiles=("local", "farmers", "veterans"),
        weight=10,
        activities=(
            "vận động nhân dân hiến đất mở rộng đường giao thông nông thôn",
            "vận động nhân dân hiến đất, tháo dỡ công trình làm đường ngõ xóm",
            "vận động nhân dân góp công, góp đất làm đường giao thông nội đồng",
            "xây dựng tuyến đường trục thôn kiểu mẫu",
        ),
        slogans=(
            "Mỗi người dân hiến một mét đất, mở rộng con đường quê",
            "Nhà nước và nhân dân cùng làm đường giao thông nông thôn",
            "Con đường nghĩa tình",
        ),
        groups=("Tổ vận động hiến đất làm đường", "Ban giám sát đầu tư của cộng đồng"),
        situation=(
            "Nhiều tuyến đường trục thôn, ngõ xóm ở {place} nhỏ hẹp, xuống cấp, mùa mưa lầy lội, xe cơ giới không vào "
            "được, ảnh hưởng đến sản xuất và đời sống của nhân dân."
        ),
        steps=(
            "Họp dân công khai phương án, mức đóng góp; nhân dân bàn và quyết định chiều rộng mặt đường, tiến độ.",
            "Cán bộ, đảng viên, người có uy tín gương mẫu hiến đất, tháo dỡ tường rào trước.",
            "Giao từng đảng viên phụ trách vận động từng hộ dọc tuyến đường, hộ nào còn băn khoăn thì đến nhiều lần.",
            "Ban giám sát đầu tư của cộng đồng theo dõi chất lượng công trình, công khai thu chi hằng tháng.",
            "Vinh danh các hộ hiến đất trên bảng tin của thôn và trên loa truyền thanh.",
        ),
        indicators=(
            IndicatorRange(LAND, 300, 8000, 10),
            IndicatorRange(ROADS, 0.5, 6, 0.1),
            IndicatorRange(WORKDAYS, 200, 4000),
            IndicatorRange(MONEY, 50e6, 3e9, 1e6),
        ),
    ),
    Theme(
        field=ECONOMY,
        profiles=("local", "party"),
        weight=5,
        activities=(
            "công tác giải phóng mặt bằng dự án đường cao tốc Ninh Bình – Hải Phòng",
            "công tác giải phóng mặt bằng dự án đường cao tốc Bắc – Nam phía Đông",
            "công tác giải phóng mặt bằng xây dựng khu công nghiệp",
            "vận động nhân dân bàn giao mặt bằng các dự án trọng điểm",
            "vận động nhân dân di dời mồ mả, bàn giao mặt bằng dự án",
        ),
        slogans=("Đi từng ngõ, gõ từng nhà, rà từng đối tượng", "Dân hiểu, dân tin, dân đồng thuận bàn giao mặt bằng"),
        groups=("Tổ công tác vận động giải phóng mặt bằng",),
        situation=(
            "Dự án đi qua {place} phải thu hồi đất của nhiều hộ dân, có hộ phải di dời nhà ở, mồ mả; một số hộ chưa "
            "đồng thuận với phương án bồi thường."
        ),
        steps=(
            "Lập tổ công tác gồm cán bộ địa chính, Mặt trận, đoàn thể và trưởng thôn, phân công phụ trách từng hộ.",
            "Niêm yết công khai phương án bồi thường, hỗ trợ, tái định cư; đối thoại với từng hộ còn vướng mắc.",
            "Đảng viên, người thân của cán bộ có đất bị thu hồi gương mẫu bàn giao mặt bằng trước.",
            "Giải quyết kịp thời kiến nghị của nhân dân, không để phát sinh khiếu nại vượt cấp.",
        ),
        indicators=(IndicatorRange(PEOPLE, 50, 900), IndicatorRange(CASES, 2, 40)),
    ),
    Theme(
        field=ECONOMY,
        profiles=("local", "farmers", "agriculture"),
        weight=4,
        activities=(
            "vận động nhân dân dồn điền đổi thửa, tích tụ ruộng đất",
            "xây dựng cánh đồng mẫu lớn",
            "chuyển đổi cơ cấu cây trồng trên đất lúa kém hiệu quả",
        ),
        slogans=("Dồn điền đổi thửa gắn với chỉnh trang đồng ruộng", "Cánh đồng một giống, một thời vụ"),
        groups=("Tổ hợp tác sản xuất lúa chất lượng cao", "Hợp tác xã dịch vụ nông nghiệp"),
        situation=(
            "Ruộng đất ở {place} manh mún, mỗi hộ có nhiều thửa nhỏ nằm rải rác, khó đưa cơ giới hóa vào sản xuất."
        ),
        steps=(
            "Điều tra hiện trạng từng thửa ruộng, lấy ý kiến từng hộ về phương án dồn đổi.",
            "Ban chỉ đạo dồn điền đổi thửa của thôn do nhân dân bầu, làm việc công khai trước hội nghị thôn.",
            "Hợp tác xã bao tiêu đầu vào, đầu ra, ký hợp đồng liên kết với doanh nghiệp.",
        ),
        indicators=(
            IndicatorRange(PEOPLE, 80, 1200),
            IndicatorRange(WORKDAYS, 300, 3000),
            IndicatorRange(MONEY, 100e6, 2e9, 1e6),
        ),
    ),
    Theme(
        field=ECONOMY,
        profiles=("local", "farmers", "agriculture"),
        weight=7,
        activities=(
            "hỗ trợ hội viên liên kết {specialty}",
            "vận động nông dân {specialty} theo chuỗi giá trị",
            "xây dựng sản phẩm OCOP từ nghề {specialty}",
        ),
        slogans=("Nông dân giúp nhau {specialty}", "Liên kết {specialty} cho thu nhập ổn định"),
        groups=("Chi hội nông dân nghề nghiệp {specialty}", "Tổ hội nghề nghiệp {specialty}", "Tổ hợp tác {specialty}"),
        situation=(
            "{place} có thế mạnh về {specialty} nhưng sản xuất nhỏ lẻ, đầu ra bấp bênh, giá cả phụ thuộc thương lái."
        ),
        steps=(
            "Vận động hội viên cùng nghề tự nguyện tham gia, xây dựng quy chế hoạt động, bầu ban điều hành.",
            "Phối hợp mở lớp tập huấn kỹ thuật, hỗ trợ hội viên vay vốn từ Quỹ Hỗ trợ nông dân.",
            "Ký hợp đồng bao tiêu sản phẩm với doanh nghiệp; xây dựng nhãn hiệu, truy xuất nguồn gốc.",
            "Hội viên khá giúp hội viên khó khăn về giống, vốn và kinh nghiệm sản xuất.",
        ),
        indicators=(
            IndicatorRange(PEOPLE, 20, 300),
            IndicatorRange(OUT_OF_POVERTY, 2, 40),
            IndicatorRange(MONEY, 100e6, 3e9, 1e6),
        ),
    ),
    Theme(
        field=ECONOMY,
        profiles=("women", "local"),
        weight=5,
        activities=(
            "vận động phụ nữ tiết kiệm giúp nhau thoát nghèo",
            "giúp hội viên phụ nữ nghèo phát triển kinh tế",
            "hỗ trợ phụ nữ khởi nghiệp",
        ),
        slogans=(
            "Phụ nữ tiết kiệm nuôi lợn đất giúp nhau thoát nghèo",
            "Tổ tiết kiệm vay vốn xoay vòng",
            "Phụ nữ khởi nghiệp",
        ),
        groups=("Tổ phụ nữ tiết kiệm", "Câu lạc bộ phụ nữ khởi nghiệp"),
        situation=(
            "Nhiều hội viên phụ nữ ở {place} thiếu vốn, thiếu kinh nghiệm sản xuất; một số hộ do phụ nữ làm chủ còn "
            "thuộc diện hộ nghèo, cận nghèo."
        ),
        steps=(
            "Mỗi chi hội đăng ký một nội dung tiết kiệm, hằng tháng hội viên góp tiền nuôi lợn đất.",
            "Cuối năm mổ lợn đất, hội viên bình xét cho hội viên khó khăn nhất vay không lấy lãi.",
            "Cán bộ hội theo dõi, hướng dẫn cách làm ăn, giúp hội viên tiếp cận vốn Ngân hàng Chính sách xã hội.",
        ),
        indicators=(
            IndicatorRange(MONEY, 20e6, 800e6, 1e6),
            IndicatorRange(OUT_OF_POVERTY, 2, 30),
            IndicatorRange(PEOPLE, 30, 400),
        ),
    ),
    Theme(
        field=ECONOMY,
        profiles=("local", "youth", "tourism"),
        weight=3,
        activities=(
            "vận động nhân dân làm du lịch cộng đồng văn minh gắn với điểm du lịch {destination}",
            "giữ gìn vệ sinh môi trường, trật tự tại điểm du lịch {destination}",
        ),
        slogans=("Người dân {destination} thân thiện, mến khách", "Chèo đò văn minh, không chèo kéo du khách"),
        groups=("Tổ đò văn minh", "Tổ hợp tác du lịch cộng đồng"),
        situation=(
            "Lượng khách du lịch đến {place} tăng nhanh; còn hiện tượng chèo kéo, đeo bám du khách, "
            "xả rác ở điểm du lịch."
        ),
        steps=(
            "Tổ chức cho người làm dịch vụ ký cam kết ứng xử văn minh, đeo thẻ, mặc đồng phục.",
            "Tập huấn kỹ năng giao tiếp, ngoại ngữ, sơ cấp cứu cho người chèo đò, người làm dịch vụ.",
            "Công khai giá dịch vụ; tổ tự quản thay phiên kiểm tra, nhắc nhở.",
        ),
        indicators=(IndicatorRange(PEOPLE, 40, 600), IndicatorRange(MONEY, 100e6, 2e9, 1e6)),
        districts=tuple(DESTINATIONS),
    ),
    Theme(
        field=ECONOMY,
        profiles=("local",),
        weight=6,
        activities=(
            "xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
            "xây dựng khu dân cư nông thôn mới kiểu mẫu",
            "vận động nhân dân chỉnh trang khuôn viên, hàng rào, cổng ngõ",
        ),
        slogans=("Khu dân cư nông thôn mới kiểu mẫu", "Vườn mẫu, khu dân cư mẫu"),
        groups=("Ban phát triển thôn",),
        situation=(
            "Sau khi đạt chuẩn nông thôn mới, {place} còn nhiều tiêu chí nâng cao chưa đạt; cảnh quan, môi trường ở "
            "một số khu dân cư chưa sáng, xanh, sạch, đẹp."
        ),
        steps=(
            "Chọn một khu dân cư làm điểm, lấy kết quả thực tế để nhân dân các khu khác thấy và làm theo.",
            "Nhân dân bàn và quyết định nội dung, mức đóng góp; ngân sách hỗ trợ xi măng, vật liệu.",
            "Chấm điểm, biểu dương hộ gia đình có vườn mẫu, cổng ngõ đẹp hằng quý.",
        ),
        indicators=(
            IndicatorRange(MONEY, 200e6, 5e9, 1e6),
            IndicatorRange(WORKDAYS, 500, 6000),
            IndicatorRange(TREES, 200, 3000),
        ),
    ),
    Theme(
        field=ECONOMY,
        profiles=("veterans",),
        weight=3,
        activities=(
            "vận động cựu chiến binh giúp nhau phát triển kinh tế",
            "hỗ trợ hội viên cựu chiến binh nghèo thoát nghèo",
        ),
        slogans=("Cựu chiến binh giúp nhau làm kinh tế giỏi", "Doanh nghiệp cựu chiến binh giúp đồng đội"),
        groups=("Câu lạc bộ cựu chiến binh làm kinh tế giỏi",),
        situation="Một số hội viên cựu chiến binh ở {place} tuổi cao, thiếu vốn, đời sống còn khó khăn.",
        steps=(
            "Hội viên làm kinh tế giỏi nhận đỡ đầu hội viên khó khăn, hỗ trợ giống, vốn không lấy lãi.",
            "Hội nhận ủy thác vốn vay ưu đãi, bình xét công khai hộ được vay.",
        ),
        indicators=(
            IndicatorRange(OUT_OF_POVERTY, 2, 25),
            IndicatorRange(MONEY, 50e6, 1.5e9, 1e6),
            IndicatorRange(PEOPLE, 20, 250),
        ),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "women", "youth"),
        weight=7,
        activities=(
            "xây dựng tuyến đường hoa, đường cây xanh tự quản",
            "giữ gìn vệ sinh môi trường khu dân cư",
            "trồng cây xanh, làm đẹp cảnh quan làng quê",
        ),
        slogans=(
            "Tuyến đường xanh – sạch – đẹp",
            "Đường hoa phụ nữ",
            "Ngày Chủ nhật xanh",
            "Tuyến đường thanh niên tự quản",
        ),
        groups=("Tổ tự quản vệ sinh môi trường", "Đội thanh niên tình nguyện bảo vệ môi trường"),
        situation=(
            "Rác thải, cỏ dại ven đường ở {place} chưa được thu gom thường xuyên, cảnh quan chưa xanh, sạch, đẹp."
        ),
        steps=(
            "Chia tuyến đường thành từng đoạn, giao cho từng chi hội, từng hộ gia đình nhận chăm sóc.",
            "Tổ chức ra quân vệ sinh vào sáng Chủ nhật cuối tháng; con cháu xa quê đóng góp cây, hoa.",
            "Gắn biển tên tuyến đường tự quản, chấm điểm thi đua giữa các chi hội.",
        ),
        indicators=(
            IndicatorRange(TREES, 300, 5000),
            IndicatorRange(WORKDAYS, 100, 2000),
            IndicatorRange(PEOPLE, 50, 800),
        ),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "women"),
        weight=5,
        activities=(
            "phân loại rác thải sinh hoạt tại nguồn",
            "giảm thiểu rác thải nhựa",
            "thu gom vỏ bao bì thuốc bảo vệ thực vật",
        ),
        slogans=(
            "Biến rác thải thành tiền",
            "Nói không với túi ni lông và rác thải nhựa",
            "Thùng rác an toàn trên đồng ruộng",
        ),
        groups=("Tổ phụ nữ phân loại rác tại nguồn",),
        situation=(
            "Lượng rác thải sinh hoạt ở {place} ngày càng nhiều, bãi tập kết quá tải; vỏ bao bì thuốc bảo vệ thực vật "
            "vứt bừa bãi trên đồng ruộng."
        ),
        steps=(
            "Hướng dẫn từng hộ chia rác thành ba loại, ủ rác hữu cơ làm phân bón.",
            "Thu gom phế liệu bán lấy tiền góp vào quỹ giúp hội viên khó khăn.",
            "Đặt thùng chứa vỏ bao bì thuốc bảo vệ thực vật ở đầu mỗi cánh đồng.",
        ),
        indicators=(IndicatorRange(PEOPLE, 100, 1500), IndicatorRange(MONEY, 5e6, 200e6, 1e6)),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "veterans", "labour", "state"),
        weight=5,
        activities=(
            "vận động xây dựng nhà đại đoàn kết cho hộ nghèo",
            "xóa nhà tạm, nhà dột nát cho hộ khó khăn",
            "hỗ trợ xây, sửa nhà tình nghĩa cho gia đình chính sách",
        ),
        slogans=("Mái ấm tình thương", "Ngôi nhà đại đoàn kết", "Mái ấm công đoàn", "Nghĩa tình đồng đội"),
        groups=("Ban vận động Quỹ Vì người nghèo",),
        situation=(
            "Trên địa bàn {place} còn nhiều hộ nghèo, gia đình chính sách ở nhà tạm, nhà dột nát, "
            "không tự cải thiện được chỗ ở."
        ),
        steps=(
            "Bình xét công khai từ khu dân cư những hộ khó khăn nhất về nhà ở.",
            "Vận động doanh nghiệp, con em xa quê, nhà hảo tâm ủng hộ; đoàn thể góp ngày công.",
            "Họ hàng, hàng xóm góp vật liệu, công sức; gia đình đối ứng theo khả năng.",
        ),
        indicators=(
            IndicatorRange(HOUSES, 2, 40),
            IndicatorRange(MONEY, 100e6, 4e9, 1e6),
            IndicatorRange(WORKDAYS, 100, 2000),
        ),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local",),
        weight=4,
        activities=(
            "thực hiện nếp sống văn minh trong việc cưới, việc tang và lễ hội",
            "vận động nhân dân hỏa táng, an táng tại nghĩa trang tập trung",
        ),
        slogans=("Đám cưới văn minh, tiết kiệm", "Việc tang văn minh, không rải vàng mã trên đường"),
        groups=("Tổ hiếu hỷ", "Ban công tác Mặt trận"),
        situation=(
            "Việc cưới, việc tang ở {place} còn kéo dài, tốn kém; còn tình trạng rải vàng mã, "
            "mở nhạc to, ăn uống linh đình."
        ),
        steps=(
            "Đưa quy định về việc cưới, việc tang vào hương ước, quy ước của thôn.",
            "Tổ hiếu hỷ đến tận nhà tuyên truyền, giúp gia đình tổ chức gọn nhẹ.",
            "Cán bộ, đảng viên gương mẫu tổ chức trước, ký cam kết thực hiện.",
        ),
        indicators=(IndicatorRange(CULTURED_FAMILIES, 100, 1500), IndicatorRange(PEOPLE, 100, 2000)),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "women"),
        weight=4,
        activities=(
            "xây dựng gia đình văn hóa, khu dân cư văn hóa",
            "xây dựng gia đình hạnh phúc, phòng chống bạo lực gia đình",
        ),
        slogans=("Gia đình 5 không, 3 sạch", "Địa chỉ tin cậy ở cộng đồng", "Dòng họ tự quản"),
        groups=("Câu lạc bộ gia đình hạnh phúc", "Câu lạc bộ phòng chống bạo lực gia đình"),
        situation=(
            "Một số gia đình ở {place} còn mâu thuẫn, bạo lực gia đình; "
            "tỷ lệ hộ đạt danh hiệu gia đình văn hóa chưa cao."
        ),
        steps=(
            "Sinh hoạt câu lạc bộ hằng tháng, chia sẻ kinh nghiệm giữ gìn hạnh phúc gia đình.",
            "Mỗi dòng họ đăng ký xây dựng dòng họ văn hóa, trưởng họ nhắc nhở con cháu.",
            "Thành lập địa chỉ tin cậy để giúp đỡ, bảo vệ nạn nhân bạo lực gia đình.",
        ),
        indicators=(IndicatorRange(CULTURED_FAMILIES, 100, 1500), IndicatorRange(PEOPLE, 50, 800)),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "education", "youth"),
        weight=4,
        activities=(
            "khuyến học, khuyến tài, xây dựng xã hội học tập",
            "hỗ trợ học sinh nghèo vượt khó",
            "xây dựng trường học thân thiện, học sinh tích cực",
        ),
        slogans=(
            "Dòng họ hiếu học",
            "Nâng bước em đến trường",
            "Tiếp sức mùa thi",
            "Mỗi thầy cô giáo là một tấm gương",
        ),
        groups=("Chi hội khuyến học", "Quỹ khuyến học dòng họ"),
        situation=(
            "Ở {place} còn học sinh có hoàn cảnh khó khăn có nguy cơ bỏ học; phong trào học tập suốt đời chưa đều."
        ),
        steps=(
            "Lập quỹ khuyến học từ sự đóng góp của các gia đình, dòng họ, con em thành đạt.",
            "Khen thưởng học sinh giỏi, tặng học bổng, xe đạp cho học sinh nghèo vượt khó vào dịp khai giảng.",
            "Thầy cô giáo đến thăm gia đình học sinh, phối hợp với cha mẹ học sinh.",
        ),
        indicators=(IndicatorRange(MONEY, 20e6, 1e9, 1e6), IndicatorRange(PEOPLE, 50, 2000)),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "health", "labour", "state"),
        weight=3,
        activities=(
            "vận động nhân dân tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
            "chăm sóc sức khỏe ban đầu cho người cao tuổi",
        ),
        slogans=("Bảo hiểm y tế cho mọi người", "Sổ bảo hiểm xã hội tặng hộ nghèo"),
        groups=("Tổ tuyên truyền bảo hiểm xã hội, bảo hiểm y tế",),
        situation="Tỷ lệ người dân ở {place} tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện còn thấp.",
        steps=(
            "Cán bộ đoàn thể đến từng hộ tuyên truyền quyền lợi khi tham gia bảo hiểm.",
            "Vận động nhà hảo tâm tặng thẻ bảo hiểm y tế, sổ bảo hiểm xã hội cho hộ khó khăn.",
        ),
        indicators=(IndicatorRange(PEOPLE, 200, 5000), IndicatorRange(MONEY, 20e6, 600e6, 1e6)),
    ),
    Theme(
        field=SOCIETY,
        profiles=("health",),
        weight=3,
        activities=(
            "đổi mới phong cách, thái độ phục vụ hướng tới sự hài lòng của người bệnh",
            "khám bệnh, cấp thuốc miễn phí cho người nghèo, gia đình chính sách",
        ),
        slogans=("Thầy thuốc như mẹ hiền", "Bếp ăn tình thương", "Khám bệnh nhân ái"),
        groups=("Tổ công tác xã hội",),
        situation=(
            "Người bệnh và người nhà đến khám chữa bệnh ở {place} ngày càng đông, còn phàn nàn về thời gian chờ đợi và "
            "thái độ giao tiếp."
        ),
        steps=(
            "Đặt hộp thư góp ý, đường dây nóng; lãnh đạo khoa, phòng tiếp nhận ý kiến người bệnh mỗi tuần.",
            "Tổ công tác xã hội đón tiếp, hướng dẫn người bệnh; vận động nhà hảo tâm nấu cơm miễn phí.",
            "Tổ chức khám bệnh, cấp thuốc miễn phí ở các xã khó khăn.",
        ),
        indicators=(IndicatorRange(PEOPLE, 500, 20000), IndicatorRange(MONEY, 50e6, 2e9, 1e6)),
    ),
    Theme(
        field=SOCIETY,
        profiles=("local", "women", "youth"),
        weight=2,
        activities=("giữ gìn và phát huy nghệ thuật chèo truyền thống", "bảo tồn và phát huy giá trị di sản văn hóa"),
        slogans=("Giữ hồn chèo quê hương", "Văn nghệ quần chúng – vui khỏe, đoàn kết"),
        groups=("Câu lạc bộ hát chèo", "Đội văn nghệ quần chúng"),
        situation="Lớp trẻ ở {place} ít quan tâm đến các làn điệu chèo cổ; nhiều nghệ nhân đã cao tuổi.",
        steps=(
            "Nghệ nhân truyền dạy các làn điệu chèo cho thanh thiếu niên vào tối thứ Bảy.",
            "Dàn dựng tiểu phẩm tuyên truyền chủ trương của Đảng, chính sách của Nhà nước bằng làn điệu chèo.",
        ),
        indicators=(IndicatorRange(PEOPLE, 30, 500),),
    ),
    Theme(
        field=SOCIETY,
        profiles=("youth", "local"),
        weight=3,
        activities=("lắp đặt điện chiếu sáng đường quê", "xây dựng đường điện chiếu sáng tự quản"),
        slogans=("Thắp sáng đường quê", "Ngõ sáng, ngõ an toàn"),
        groups=("Chi đoàn thanh niên",),
        situation=(
            "Nhiều tuyến đường liên thôn, ngõ xóm ở {place} chưa có điện chiếu sáng, đi lại ban đêm khó khăn, "
            "mất an toàn."
        ),
        steps=(
            "Đoàn viên thanh niên khảo sát, lập dự toán, công khai cho nhân dân trước khi làm.",
            "Vận động nhân dân, con em xa quê ủng hộ kinh phí; đoàn viên góp ngày công lắp đặt.",
            "Giao chi đoàn quản lý, bảo dưỡng hệ thống đèn sau khi bàn giao.",
        ),
        indicators=(
            IndicatorRange(ROADS, 0.5, 8, 0.1),
            IndicatorRange(MONEY, 30e6, 900e6, 1e6),
            IndicatorRange(WORKDAYS, 50, 800),
        ),
    ),
    Theme(
        field=SOCIETY,
        profiles=("enterprise",),
        weight=3,
        activities=(
            "bảo vệ môi trường, hài hòa lợi ích với cộng đồng dân cư quanh nhà máy",
            "chăm lo an sinh xã hội cho nhân dân địa phương",
        ),
        slogans=("Doanh nghiệp vì cộng đồng", "Nhà máy xanh"),
        groups=("Công đoàn cơ sở",),
        situation=(
            "Hoạt động sản xuất của doanh nghiệp ở {place} ảnh hưởng đến môi trường sống, "
            "nhân dân xung quanh có kiến nghị."
        ),
        steps=(
            "Ban giám đốc đối thoại định kỳ với nhân dân các khu dân cư giáp ranh nhà máy.",
            "Đầu tư hệ thống xử lý bụi, nước thải; trồng cây xanh cách ly quanh nhà máy.",
            "Trích quỹ phúc lợi hỗ trợ xây nhà, tặng quà cho hộ nghèo của địa phương.",
        ),
        indicators=(
            IndicatorRange(MONEY, 200e6, 5e9, 1e6),
            IndicatorRange(TREES, 500, 6000),
            IndicatorRange(HOUSES, 2, 20),
        ),
    ),
    Theme(
        field=SECURITY,
        profiles=("local", "police", "veterans"),
        weight=7,
        activities=(
            "giữ gìn an ninh trật tự khu dân cư",
            "xây dựng khu dân cư an toàn về an ninh trật tự",
            "phòng, chống tội phạm và tệ nạn xã hội",
            "phòng cháy, chữa cháy ở khu dân cư",
        ),
        slogans=(
            "Khu dân cư tự quản về an ninh trật tự",
            "Tiếng kẻng an ninh",
            "Xóm không có tội phạm và tệ nạn xã hội",
            "Điểm chữa cháy công cộng",
        ),
        groups=(
            "Tổ tự quản an ninh trật tự khu dân cư",
            "Tổ liên gia an toàn phòng cháy, chữa cháy",
            "Tổ an ninh xung kích",
            "Tổ cựu chiến binh tham gia giữ gìn an ninh trật tự",
        ),
        situation=(
            "Ở {place} có nhiều lao động đi làm ăn xa, người già, trẻ nhỏ ở nhà; thỉnh thoảng còn xảy ra trộm cắp vặt, "
            "đánh bạc, tụ tập gây rối."
        ),
        steps=(
            "Chia khu dân cư thành các cụm liên gia, mỗi cụm có tổ trưởng và số điện thoại liên lạc với công an xã.",
            "Tổ tự quản tuần tra vào ban đêm; hộ gia đình báo ngay khi có người lạ, việc lạ.",
            "Công an phụ trách địa bàn sinh hoạt cùng tổ hằng tháng, hướng dẫn nghiệp vụ.",
        ),
        indicators=(IndicatorRange(PEOPLE, 30, 600), IndicatorRange(CASES, 1, 30)),
    ),
    Theme(
        field=SECURITY,
        profiles=("police", "local"),
        weight=4,
        activities=("lắp đặt camera giám sát an ninh trật tự", "xây dựng hệ thống camera an ninh ở khu dân cư"),
        slogans=("Camera an ninh – mắt thần khu dân cư", "Camera với an ninh trật tự"),
        groups=("Tổ quản lý camera an ninh",),
        situation="Các tuyến đường, ngã ba, ngã tư ở {place} chưa có camera, khó phát hiện, xử lý vi phạm và tội phạm.",
        steps=(
            "Nhân dân bàn và thống nhất vị trí lắp đặt, mức đóng góp tự nguyện.",
            "Công an kết nối camera về điểm theo dõi; hình ảnh được dùng để xác minh vụ việc.",
        ),
        indicators=(IndicatorRange(MONEY, 30e6, 1.5e9, 1e6), IndicatorRange(PEOPLE, 50, 1000)),
    ),
    Theme(
        field=SECURITY,
        profiles=("local", "police"),
        weight=5,
        activities=(
            "hòa giải mâu thuẫn, tranh chấp ở cơ sở",
            "giải quyết khiếu nại, tố cáo ngay từ cơ sở",
            "tiếp công dân, đối thoại giải quyết đơn thư",
        ),
        slogans=("Tổ hòa giải giỏi", "Hòa giải ở cơ sở – giữ tình làng nghĩa xóm", "Người có uy tín tham gia hòa giải"),
        groups=("Tổ hòa giải ở cơ sở",),
        situation=(
            "Tranh chấp đất đai, mâu thuẫn gia đình, "
            "hàng xóm ở {place} nếu không được hòa giải sớm dễ thành đơn thư vượt cấp."
        ),
        steps=(
            "Kiện toàn tổ hòa giải với người có uy tín, trưởng họ, cựu chiến binh am hiểu pháp luật.",
            "Nắm tình hình từ sớm, hòa giải ngay tại khu dân cư, không để vụ việc kéo dài.",
            "Người đứng đầu chính quyền đối thoại trực tiếp với công dân có đơn thư.",
        ),
        indicators=(IndicatorRange(CASES, 2, 60), IndicatorRange(PEOPLE, 20, 400)),
    ),
    Theme(
        field=SECURITY,
        profiles=("police", "youth", "local"),
        weight=3,
        activities=(
            "phòng, chống ma túy trong thanh thiếu niên",
            "cảm hóa, giáo dục người lầm lỗi tái hòa nhập cộng đồng",
        ),
        slogans=("Xóm không ma túy", "Giúp người lầm lỗi hoàn lương", "Mở rộng vòng tay"),
        groups=("Nhóm bạn giúp bạn",),
        situation=(
            "Ở {place} còn người sử dụng trái phép chất ma túy, người chấp hành xong án phạt tù khó tìm việc làm."
        ),
        steps=(
            "Đoàn thể nhận giúp đỡ từng người, gặp gỡ, động viên thường xuyên.",
            "Giới thiệu việc làm, hỗ trợ vay vốn cho người tái hòa nhập cộng đồng.",
        ),
        indicators=(IndicatorRange(PEOPLE, 10, 300), IndicatorRange(CASES, 1, 20)),
    ),
    Theme(
        field=SECURITY,
        profiles=("military", "local"),
        weight=4,
        activities=(
            "vận động thanh niên lên đường nhập ngũ",
            "tổ chức dân quân tự vệ giúp dân thu hoạch mùa màng, phòng chống thiên tai",
            "xây dựng thế trận lòng dân trong khu vực phòng thủ",
        ),
        slogans=("Dân quân tự vệ giúp dân", "Ngày thứ Bảy vì dân", "Nhà đồng đội"),
        groups=("Trung đội dân quân cơ động", "Tiểu đội dân quân tự vệ"),
        situation=(
            "Mùa mưa bão, thời vụ ở {place} thiếu lao động do nhiều thanh niên đi làm ăn xa; công tác tuyển quân có "
            "năm còn khó khăn."
        ),
        steps=(
            "Dân quân giúp các gia đình chính sách, hộ neo đơn thu hoạch, gia cố nhà cửa trước mùa bão.",
            "Cán bộ quân sự đến từng gia đình có thanh niên trong độ tuổi tuyên truyền Luật Nghĩa vụ quân sự.",
            "Tổ chức gặp mặt, tặng quà tân binh và gia đình trước ngày giao quân.",
        ),
        indicators=(
            IndicatorRange(WORKDAYS, 200, 6000),
            IndicatorRange(PEOPLE, 50, 1000),
            IndicatorRange(HOUSES, 1, 10),
        ),
    ),
    Theme(
        field=SECURITY,
        profiles=("border",),
        weight=2,
        activities=(
            "vận động, đồng hành cùng ngư dân vươn khơi bám biển",
            "phòng, chống khai thác hải sản bất hợp pháp, không báo cáo và không theo quy định",
        ),
        slogans=("Con nuôi đồn Biên phòng", "Tàu thuyền an toàn, ngư dân bám biển"),
        groups=("Tổ đoàn kết tàu thuyền trên biển",),
        situation=(
            "Ngư dân ven biển {place} đánh bắt nhỏ lẻ, thiếu thông tin thời tiết; "
            "còn tàu cá vi phạm quy định về khai thác."
        ),
        steps=(
            "Cán bộ biên phòng phụ trách từng tổ đoàn kết, hướng dẫn ngư dân ghi nhật ký khai thác.",
            "Nhận đỡ đầu học sinh nghèo là con em ngư dân đến năm 18 tuổi.",
        ),
        indicators=(IndicatorRange(PEOPLE, 30, 500), IndicatorRange(MONEY, 20e6, 500e6, 1e6)),
        districts=("376",),
    ),
    Theme(
        field=POLITICS,
        profiles=("local", "party"),
        weight=6,
        activities=(
            "thực hiện Quy chế dân chủ ở cơ sở",
            "đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với nhân dân",
            "phát huy vai trò giám sát của Ban Thanh tra nhân dân",
        ),
        slogans=("Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng", "Lắng nghe dân nói"),
        groups=("Ban Thanh tra nhân dân", "Ban giám sát đầu tư của cộng đồng"),
        situation=(
            "Có lúc, có nơi ở {place} việc công khai, lấy ý kiến nhân dân còn hình thức, nhân dân chưa được bàn bạc "
            "những việc liên quan trực tiếp đến mình."
        ),
        steps=(
            "Công khai trên bảng tin, loa truyền thanh và nhóm mạng xã hội của thôn mọi khoản thu, chi, dự án.",
            "Người đứng đầu cấp ủy, chính quyền đối thoại với nhân dân mỗi quý, trả lời ngay tại hội nghị.",
            "Ban Thanh tra nhân dân giám sát và báo cáo kết quả trước hội nghị thôn.",
        ),
        indicators=(IndicatorRange(PEOPLE, 100, 2500), IndicatorRange(CASES, 1, 30)),
    ),
    Theme(
        field=POLITICS,
        profiles=("local", "party"),
        weight=5,
        activities=(
            "phân công đảng viên phụ trách hộ gia đình",
            "nâng cao chất lượng sinh hoạt chi bộ",
            "phát huy tính tiên phong, gương mẫu của cán bộ, đảng viên",
        ),
        slogans=(
            "Mỗi đảng viên phụ trách từ 10 đến 15 hộ dân",
            "Chi bộ bốn tốt",
            "Cán bộ đi trước, làng nước theo sau",
        ),
        groups=("Chi bộ",),
        situation=(
            "Ở {place} có đảng viên chưa nắm được tâm tư, nguyện vọng của nhân dân nơi cư trú; "
            "sinh hoạt chi bộ có lúc còn đơn điệu."
        ),
        steps=(
            "Mỗi đảng viên nhận phụ trách một nhóm hộ, nắm tình hình và báo cáo tại sinh hoạt chi bộ hằng tháng.",
            "Chi bộ sinh hoạt chuyên đề về những việc nhân dân quan tâm.",
            "Đánh giá, xếp loại đảng viên có lấy ý kiến của nhân dân nơi cư trú.",
        ),
        indicators=(IndicatorRange(PEOPLE, 100, 1500), IndicatorRange(CULTURED_FAMILIES, 50, 800)),
    ),
    Theme(
        field=POLITICS,
        profiles=("state", "police", "local"),
        weight=4,
        activities=(
            "cải cách hành chính, nâng cao chất lượng phục vụ nhân dân",
            "hướng dẫn nhân dân sử dụng dịch vụ công trực tuyến",
            "cấp căn cước, định danh điện tử cho nhân dân",
        ),
        slogans=("Bộ phận một cửa thân thiện", "Công chức gần dân, hiểu dân, giúp dân", "Tổ công nghệ số cộng đồng"),
        groups=("Tổ công nghệ số cộng đồng",),
        situation=(
            "Nhiều người dân ở {place}, nhất là người cao tuổi, chưa biết sử dụng dịch vụ công trực tuyến, "
            "phải đi lại nhiều lần."
        ),
        steps=(
            "Đoàn viên thanh niên hướng dẫn tận nhà, tại bộ phận một cửa và vào buổi tối cho người đi làm.",
            "Niêm yết công khai thủ tục, thời hạn; xin lỗi bằng văn bản khi giải quyết quá hạn.",
        ),
        indicators=(IndicatorRange(PEOPLE, 300, 8000),),
    ),
    Theme(
        field=POLITICS,
        profiles=("local", "party"),
        weight=2,
        activities=("sắp xếp, sáp nhập thôn, tổ dân phố", "sắp xếp đơn vị hành chính cấp huyện, cấp xã"),
        slogans=("Sáp nhập thôn, xóm – đồng thuận, đoàn kết",),
        groups=("Tổ công tác tuyên truyền sắp xếp đơn vị hành chính",),
        situation=(
            "Việc sắp xếp đơn vị hành chính ở {place} chạm đến tên gọi, truyền thống và thói quen của nhân dân, "
            "dễ nảy sinh tâm tư."
        ),
        steps=(
            "Tổ chức lấy ý kiến cử tri đến từng hộ, giải thích rõ lợi ích của việc sắp xếp.",
            "Giữ tên gọi truyền thống ở các thiết chế văn hóa, sắp xếp cán bộ công khai, khách quan.",
        ),
        indicators=(IndicatorRange(PEOPLE, 200, 4000), IndicatorRange(CASES, 1, 15)),
    ),
    Theme(
        field=POLITICS,
        profiles=("labour", "enterprise", "party"),
        weight=3,
        activities=(
            "đối thoại định kỳ giữa người sử dụng lao động và người lao động",
            "phát triển đảng viên trong doanh nghiệp ngoài nhà nước",
            "chăm lo đời sống người lao động",
        ),
        slogans=("Bữa cơm ca chất lượng", "Tết sum vầy", "Đối thoại tại nơi làm việc"),
        groups=("Công đoàn cơ sở",),
        situation=(
            "Người lao động ở {place} còn băn khoăn về tiền lương, điều kiện làm việc; tổ chức đảng, đoàn thể trong "
            "doanh nghiệp chưa mạnh."
        ),
        steps=(
            "Công đoàn tổ chức đối thoại mỗi quý, kiến nghị được trả lời bằng văn bản.",
            "Giới thiệu người lao động ưu tú để chi bộ bồi dưỡng, kết nạp vào Đảng.",
            "Tặng quà, hỗ trợ vé xe cho người lao động về quê ăn Tết.",
        ),
        indicators=(IndicatorRange(PEOPLE, 50, 3000), IndicatorRange(MONEY, 50e6, 2e9, 1e6)),
    ),
    Theme(
        field=POLITICS,
        profiles=("youth",),
        weight=3,
        activities=("phát triển đảng viên trong đoàn viên thanh niên", "thanh niên tình nguyện vì cộng đồng"),
        slogans=("Thanh niên xung kích, tình nguyện", "Tuổi trẻ Ninh Bình chung tay xây dựng nông thôn mới"),
        groups=("Đội thanh niên tình nguyện",),
        situation=(
            "Ở {place} nhiều đoàn viên thanh niên đi học, đi làm ăn xa; việc bồi dưỡng, giới thiệu đoàn viên ưu tú cho "
            "Đảng gặp khó khăn."
        ),
        steps=(
            "Giao nhiệm vụ cụ thể cho đoàn viên trong các công trình thanh niên để rèn luyện, thử thách.",
            "Chi đoàn giới thiệu đoàn viên ưu tú, đảng viên trẻ kèm cặp, giúp đỡ.",
        ),
        indicators=(IndicatorRange(PEOPLE, 30, 800), IndicatorRange(WORKDAYS, 50, 1500)),
    ),
]

GENERAL_STEPS = (
    "Cấp ủy ban hành nghị quyết chuyên đề, phân công đồng chí trong Ban Thường vụ trực tiếp phụ trách.",
    "Công khai, minh bạch mọi nội dung theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, "
    "dân giám sát, dân thụ hưởng”.",
    "Định kỳ sơ kết, biểu dương, khen thưởng kịp thời tập thể, cá nhân có cách làm hay.",
    "Phát huy vai trò của người có uy tín trong dòng họ, khu dân cư.",
)
# How a model's description goes on after its situation: who, since when, what.
OPENINGS = (
    "Từ năm {year}, {owner} chủ động tham mưu cấp ủy, chính quyền về {activity}, coi đây là khâu đột phá trong "
    "công tác dân vận.",
    "Năm {year}, {owner} lựa chọn nội dung {activity} để đăng ký xây dựng mô hình “Dân vận khéo”.",
    "Từ năm {year}, {owner} tập trung vào {activity}, gắn với nhiệm vụ chính trị của địa phương.",
)
PLAN_26_OPENING = (
    "Thực hiện Kế hoạch số 26-KH/TU của Ban Thường vụ Tỉnh ủy về phong trào thi đua “Dân vận khéo” giai đoạn "
    "2021 – 2025, từ năm {year} {owner} triển khai {activity}."
)
CLOSINGS = (
    "Mô hình được nhân dân đồng tình hưởng ứng và đã được nhân rộng ra {count} đơn vị.",
    "Không phát sinh đơn thư khiếu nại vượt cấp; mối quan hệ giữa cấp ủy, chính quyền với nhân dân ngày càng gắn bó.",
    "Mô hình góp phần để địa phương hoàn thành các chỉ tiêu phát triển kinh tế – xã hội của năm.",
    "Cách làm được Ban Chỉ đạo phong trào thi đua “Dân vận khéo” đánh giá cao và phổ biến để các nơi học tập.",
)
RESULT_PHRASES = {
    PEOPLE: "thu hút {value} lượt người dân tham gia",
    WORKDAYS: "huy động {value} ngày công lao động",
    LAND: "vận động nhân dân hiến {value} m² đất",
    MONEY: "huy động {value}",
    OUT_OF_POVERTY: "giúp {value} hộ thoát nghèo",
    ROADS: "làm mới, nâng cấp {value} km đường",
    HOUSES: "xây mới, sửa chữa {value} căn nhà cho hộ khó khăn",
    CASES: "giải quyết dứt điểm {value} vụ việc khiếu nại, tố cáo, tranh chấp",
    TREES: "trồng mới {value} cây xanh",
    CULTURED_FAMILIES: "có {value} hộ đạt danh hiệu gia đình văn hóa",
}
# Larger bodies report larger figures.
SCALE = {ModelLevel.COMMUNE: 1, ModelLevel.DISTRICT: 2.5, ModelLevel.PROVINCE: 5}

# People in exemplar names: family names; men's and women's middle and given names; posts in a hamlet.
FAMILY_NAMES = ("Nguyễn", "Trần", "Phạm", "Vũ", "Đinh", "Lê", "Hoàng", "Bùi", "Đỗ", "Ngô", "Mai", "Tạ", "Lương")
MEN = (
    ("Văn", "Đức", "Quang", "Minh", "Xuân", "Hữu", "Công"),
    ("Hùng", "Dũng", "Thắng", "Tuấn", "Hải", "Long", "Bình", "Cường", "Khánh", "Sơn", "Toàn", "Hưng", "Thành"),
)
WOMEN = (
    ("Thị", "Thu", "Thanh", "Ngọc", "Thị Thu", "Thị Minh"),
    ("Hương", "Lan", "Mai", "Hoa", "Hằng", "Thủy", "Nga", "Huyền", "Yến", "Liên", "Phương", "Dung"),
)
HAMLET_POSTS = ("Bí thư Chi bộ", "Trưởng", "Trưởng ban công tác Mặt trận", "Chi hội trưởng Chi hội Nông dân")
MEN_POSTS, WOMEN_POSTS = ("Chi hội trưởng Chi hội Cựu chiến binh",), ("Chi hội trưởng Chi hội Phụ nữ",)
HAMLET_COLLECTIVES = ("Chi bộ", "Ban công tác Mặt trận", "Chi hội Phụ nữ", "Chi hội Nông dân", "Chi đoàn")
KIND_WEIGHTS = {ModelKind.MODEL: 82, ModelKind.EXEMPLAR_COLLECTIVE: 12, ModelKind.EXEMPLAR_INDIVIDUAL: 6}
MAX_NAME_DRAWS = 200


# ---------------------------------------------------------------------------------------------------
# Planning: every model as plain data, the same on every load


@dataclass
class ModelPlan:
    code: str
    name: str
    kind: str
    owner: AgencySpec
    field: str
    level: str
    year_started: int
    status: str
    description: str
    approach: str
    results: str
    recognition_year: int | None = None
    recognition_decision: str = ""
    recognising_body: str = ""
    is_typical: bool = False
    # Removed by the 2023 review: (reason, whether the agency answered); created recognised, then moved.
    removed_in_2023_review: tuple[str, bool] | None = None
    # Registered after July 2025 (in `registered_in`): in the unit that stands today for the owner's unit.
    registered_in_current_unit: bool = False
    registered_in: int | None = None
    indicators: list[tuple[str, Decimal, int]] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)


@dataclass
class _Place:
    """Where a model works, as its texts name it."""

    unit: str  # "xã Kim Chính", "huyện Kim Sơn", "tỉnh Ninh Bình"
    hamlet: str | None  # "xóm 5" in a commune, None above it
    district: str | None


class ModelPlanner:
    """Plans the demo models from the agency specs, with one seeded random generator."""

    def __init__(self, agencies: list[AgencySpec], unit_names: dict[str, str]):
        self.random = random.Random(SEED)
        self.unit_names = unit_names
        self.owners = [agency for agency in agencies if agency.profiles]
        self.partners = _partners(agencies)
        self.used_names: set[str] = set()
        self.numbers_by_year: Counter[int] = Counter()
        self.decisions: dict[tuple[str, int], str] = {}

    def plan(self) -> list[ModelPlan]:
        plans = [self._recognised(year) for year, count in RECOGNISED_PER_YEAR.items() for _n in range(count)]
        candidates = [plan for plan in plans if plan.recognition_year >= TYPICAL_FROM_YEAR]
        for plan in self.random.sample(candidates, TYPICAL_MODELS):
            plan.is_typical = True
        # Half of the others belong to the Ban Dân vận of Kim Sơn or an agency beneath it, so that its demo
        # official has drafts to edit and submit.
        kim_son = [owner for owner in self.owners if KIM_SON_BAN_DAN_VAN in (owner.name, owner.parent)]
        for status, year, count in NOT_IN_LIST:
            for number in range(count):
                owners = kim_son if number % 2 == 0 else self.owners
                plans.append(self._not_in_list(status, year, self._choose_owner(owners), complete=number % 3 != 2))
        # The models the 2023 review removed. Those whose agency answered belong to the agencies of the demo
        # officials, who are the ones who answer; the others to any agency but the demo reviewer's.
        answering = [owner for owner in self.owners if {owner.name, owner.parent} & set(OFFICIAL_AGENCIES)]
        others = [owner for owner in self.owners if owner.name != REVIEWER_AGENCY]
        for year, reason, answered in REMOVED_IN_2023_REVIEW:
            plan = self._recognised(year, answering if answered else others)
            plan.removed_in_2023_review = (reason, answered)
            plans.append(plan)
        return plans

    def _recognised(self, year: int, owners: list[AgencySpec] | None = None) -> ModelPlan:
        owner = self._choose_owner(owners or self.owners)
        started = max(year - self.random.choice((0, 1, 1, 2, 2, 3, 4)), 2012)
        plan = self._model(owner, started, year, ModelStatus.RECOGNISED, complete=True)
        plan.recognition_year = year
        plan.recognising_body, plan.recognition_decision = self._recognition(owner, year)
        return plan

    def _not_in_list(self, status: str, year: int, owner: AgencySpec, complete: bool) -> ModelPlan:
        """A draft (complete or still without results) or a submitted model, registered in `year`."""
        started = year - self.random.choice((0, 0, 1))
        plan = self._model(owner, started, year, status, complete=complete or status == ModelStatus.SUBMITTED)
        plan.registered_in_current_unit = True
        plan.registered_in = year
        return plan

    def _choose_owner(self, owners: list[AgencySpec]) -> AgencySpec:
        return self.random.choices(owners, weights=[owner.weight for owner in owners])[0]

    def _model(self, owner: AgencySpec, started: int, year: int, status: str, complete: bool) -> ModelPlan:
        """A model of `owner` started in `started`, with results measured in `year` when `complete`."""
        theme = self._theme_for(owner)
        place = self._place(owner, theme)
        words = {
            "place": place.unit,
            "specialty": self.random.choice(SPECIALTIES.get(place.district, ALL_SPECIALTIES)),
            "destination": self.random.choice(DESTINATIONS.get(place.district, ALL_DESTINATIONS)),
        }
        kind, name, activity = self._unique_name(owner, theme, place, words)
        indicators = self._indicators(theme, owner.tier, year) if complete else []
        return ModelPlan(
            code=self._code(year),
            name=name,
            kind=kind,
            owner=owner,
            field=theme.field,
            level=owner.tier,
            year_started=started,
            status=status,
            description=self._description(owner, theme, activity, started, words),
            approach="\n".join(f"- {step}" for step in self._steps(theme)),
            results=self._results(indicators, started, year) if complete else "",
            indicators=indicators,
            cooperating=self._cooperating(owner),
        )

    def _theme_for(self, owner: AgencySpec) -> Theme:
        themes = [
            theme
            for theme in THEMES
            if set(theme.profiles) & set(owner.profiles)
            and (not theme.districts or owner.district is None or owner.district in theme.districts)
        ]
        return self.random.choices(themes, weights=[theme.weight for theme in themes])[0]

    def _place(self, owner: AgencySpec, theme: Theme) -> _Place:
        district = owner.district or (self.random.choice(theme.districts) if theme.districts else None)
        unit = lower_first(self.unit_names[owner.unit_code])
        if owner.tier != ModelLevel.COMMUNE:
            return _Place(unit, None, district)
        if unit.startswith("xã"):
            # A commune calls its hamlets either "thôn" or "xóm"; the code decides which, always the same.
            hamlet = f"{'thôn' if int(owner.unit_code) % 2 else 'xóm'} {self.random.randint(1, 15)}"
        else:
            hamlet = f"tổ dân phố số {self.random.randint(1, 15)}"
        return _Place(unit, hamlet, district)

    def _unique_name(self, owner, theme, place, words) -> tuple[str, str, str]:
        """Kind, name and activity of a model, the name unlike any other: drawn again until it is new."""
        for _attempt in range(MAX_NAME_DRAWS):
            kind = self.random.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            activity = self.random.choice(theme.activities).format(**words)
            name = self._name(kind, owner, theme, place, activity, words)
            if name not in self.used_names:
                self.used_names.add(name)
                return kind, name, activity
            place = self._place(owner, theme)
        raise ValueError(f"The demo tables give too few names for {owner.name}; add activities or slogans.")

    def _name(self, kind, owner, theme, place, activity, words) -> str:
        if kind == ModelKind.EXEMPLAR_INDIVIDUAL:
            return f"{self._person(place, owner)} – điển hình “Dân vận khéo” trong {activity}"
        if kind == ModelKind.EXEMPLAR_COLLECTIVE:
            if place.hamlet:
                collective = self.random.choice(HAMLET_COLLECTIVES)
                return f"{collective} {place.hamlet}, {place.unit} – tập thể điển hình trong {activity}"
            return f"{owner.name} – tập thể điển hình “Dân vận khéo” trong {activity}"
        slogan = self.random.choice(theme.slogans).format(**words)
        group = self.random.choice(theme.groups).format(**words)
        if place.hamlet:
            templates = (
                _located(f"Dân vận khéo trong {activity}", place.unit),
                _located(f"Dân vận khéo trong {activity}", f"{place.hamlet}, {place.unit}"),
                f"Mô hình “{slogan}” ở {place.unit}",
                f"Mô hình “{slogan}” ở {place.hamlet}, {place.unit}",
                f"{group} {place.hamlet}, {place.unit}",
                _located(_capitalised(activity), place.unit),
            )
        else:
            templates = (
                f"Dân vận khéo trong {activity} của {owner.name}",
                f"Mô hình “{slogan}” của {owner.name}",
                f"{_capitalised(activity)} trên địa bàn {place.unit}",
            )
        return self.random.choice(templates)

    def _person(self, place: _Place, owner: AgencySpec) -> str:
        is_woman = self.random.random() < 0.4
        middle, given = WOMEN if is_woman else MEN
        name = f"{self.random.choice(FAMILY_NAMES)} {self.random.choice(middle)} {self.random.choice(given)}"
        title = "Bà" if is_woman else "Ông"
        if not place.hamlet:
            return f"{title} {name}, cán bộ {owner.name}"
        post = self.random.choice(HAMLET_POSTS + (WOMEN_POSTS if is_woman else MEN_POSTS))
        return f"{title} {name}, {post} {place.hamlet}, {place.unit}"

    def _description(self, owner, theme, activity, started, words) -> str:
        opening = PLAN_26_OPENING if started >= PLAN_26_YEAR and self.random.random() < 0.4 else None
        opening = opening or self.random.choice(OPENINGS)
        situation = _capitalised(theme.situation.format(**words))
        return f"{situation} {opening.format(year=started, owner=owner.name, activity=activity)}"

    def _steps(self, theme: Theme) -> list[str]:
        steps = self.random.sample(theme.steps, min(len(theme.steps), self.random.randint(2, 3)))
        return [self.random.choice(GENERAL_STEPS), *steps]

    def _indicators(self, theme: Theme, level: str, year: int) -> list[tuple[str, Decimal, int]]:
        """Values for the year the results were assessed, and for some the year after, a little higher."""
        ranges = self.random.sample(theme.indicators, min(len(theme.indicators), self.random.randint(2, 3)))
        rows = []
        for indicator in ranges:
            value = self.random.uniform(indicator.low, indicator.high) * SCALE[level]
            rows.append((indicator.name, _rounded(value, indicator.step), year))
            if year < 2024 and self.random.random() < 0.4:
                rows.append((indicator.name, _rounded(value * self.random.uniform(1.1, 1.6), indicator.step), year + 1))
        return rows

    def _results(self, indicators, started: int, year: int) -> str:
        phrases = [
            RESULT_PHRASES[name].format(value=_vietnamese_value(name, value))
            for name, value, indicator_year in indicators
            if indicator_year == year
        ]
        figures = ", ".join(phrases[:-1]) + f" và {phrases[-1]}" if len(phrases) > 1 else phrases[0]
        if year == started:
            lead = f"Ngay trong năm {year}, mô hình đã {figures}."
        else:
            lead = f"Sau {year - started} năm thực hiện, riêng năm {year} mô hình đã {figures}."
        closing = self.random.choice(CLOSINGS).format(count=self.random.randint(2, 12))
        return f"{lead} {closing}"

    def _cooperating(self, owner: AgencySpec) -> list[str]:
        if self.random.random() >= 0.35:
            return []
        partners = self.partners[owner.name]
        chosen = self.random.sample(partners, min(len(partners), self.random.randint(1, 2)))
        return [partner.name for partner in chosen]

    def _code(self, year: int) -> str:
        self.numbers_by_year[year] += 1
        return f"DVK-{year}-{self.numbers_by_year[year]:05d}"

    def _recognition(self, owner: AgencySpec, year: int) -> tuple[str, str]:
        """Who recognised the model, and by which decision: one decision per body and year."""
        if owner.tier == ModelLevel.PROVINCE:
            party_committee, place, party_suffix = "Tỉnh ủy Ninh Bình", "tỉnh Ninh Bình", "TU"
        else:
            _district, party_committee, place, _short = next(d for d in DISTRICTS if d[0] == owner.district)
            party_suffix = "TU" if party_committee.startswith("Thành") else "HU"
        if year >= PLAN_26_YEAR:
            body, number_format = f"Ban Chỉ đạo phong trào thi đua “Dân vận khéo” {place}", "{}/QĐ-BCĐ"
        else:
            body, number_format = f"Ban Thường vụ {party_committee}", "{}-QĐ/" + party_suffix
        if (body, year) not in self.decisions:
            self.decisions[body, year] = number_format.format(self.random.randint(12, 480))
        return body, self.decisions[body, year]


def _partners(agencies: list[AgencySpec]) -> dict[str, list[AgencySpec]]:
    """Who co-operates with an agency: the district's bodies for district and commune agencies, the provincial
    bodies for provincial ones."""
    district_bodies: dict[str, list[AgencySpec]] = {}
    for agency in agencies:
        if agency.tier == ModelLevel.DISTRICT:
            district_bodies.setdefault(agency.district, []).append(agency)
    provincial = [agency for agency in agencies if agency.tier == ModelLevel.PROVINCE and agency.profiles]
    return {
        agency.name: [
            partner
            for partner in (provincial if agency.tier == ModelLevel.PROVINCE else district_bodies[agency.district])
            if partner is not agency
        ]
        for agency in agencies
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _located(text: str, place: str) -> str:
    """The text followed by "ở <place>", or by "tại <place>" when it already says "ở" (… ở cơ sở tại xã …)."""
    return f"{text} {'tại' if ' ở ' in f' {text} ' else 'ở'} {place}"


def _rounded(value: float, step: float) -> Decimal:
    step = Decimal(str(step))
    return max((Decimal(str(value)) / step).quantize(Decimal(1)) * step, step)


def _vietnamese_value(indicator: str, value: Decimal) -> str:
    """A figure as a Vietnamese report writes it: 1.250 m², 3,2 km, 1,25 tỷ đồng, 350 triệu đồng."""
    if indicator == MONEY:
        if value >= 1_000_000_000:
            return f"{_vietnamese_number(value / 1_000_000_000, 2)} tỷ đồng"
        return f"{_vietnamese_number(value / 1_000_000, 0)} triệu đồng"
    return _vietnamese_number(value, 1)


def _vietnamese_number(value: Decimal, decimals: int) -> str:
    """Thousands separated by ".", decimals by ",", no trailing zeros."""
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


# ---------------------------------------------------------------------------------------------------
# Loading the reference data: agencies and accounts are what an administrator sets up in the admin before
# anybody works; the models are entered through the registry's services (entries.py).


def plan_models(units: dict[str, AdministrativeUnit] | None = None) -> list[ModelPlan]:
    """The demo's models as plain data, the same on every call."""
    units = units if units is not None else pre_2025_units()
    specs = agency_specs(units)
    return ModelPlanner(specs, {code: unit.name for code, unit in units.items()}).plan()


def typical_codes(plans: list[ModelPlan]) -> list[str]:
    """The models the demo compilation selects, and its publication marks typical."""
    return [plan.code for plan in plans if plan.is_typical]


def pre_2025_units() -> dict[str, AdministrativeUnit]:
    return {unit.code: unit for unit in AdministrativeUnit.objects.filter(valid_from__isnull=True)}


def load_agencies(specs: list[AgencySpec], units) -> tuple[dict[str, Agency], int]:
    """The agencies by name: the existing ones (same name under the same parent), and the missing ones created.

    Created a generation at a time, so that every parent has its primary key before its children."""
    existing = {(agency.name, agency.parent_id): agency for agency in Agency.objects.all()}
    depth: dict[str, int] = {}
    for spec in specs:  # parents come first
        depth[spec.name] = depth[spec.parent] + 1 if spec.parent else 0
    agencies: dict[str, Agency] = {}
    created = 0
    for generation in range(max(depth.values()) + 1):
        missing = []
        for spec in (spec for spec in specs if depth[spec.name] == generation):
            parent = agencies.get(spec.parent)
            agency = existing.get((spec.name, parent.pk if parent else None))
            if agency is None:
                agency = Agency(
                    name=spec.name,
                    short_name=spec.short_name,
                    kind=spec.kind,
                    parent=parent,
                    administrative_unit=units[spec.unit_code],
                )
                missing.append(agency)
            agencies[spec.name] = agency
        if missing:
            bulk_create_with_history(missing, Agency)
            created += len(missing)
    return agencies, created


_PASSWORD_HASHES: dict[str, str] = {}


def demo_password_hash() -> str:
    """The demo password, hashed once per hasher for every demo account: the production hasher takes a third of
    a second per password."""
    hasher = settings.PASSWORD_HASHERS[0]
    if hasher not in _PASSWORD_HASHES:
        _PASSWORD_HASHES[hasher] = make_password(DEMO_PASSWORD)
    return _PASSWORD_HASHES[hasher]


def load_users(agencies: dict[str, Agency]) -> tuple[dict[str, User], int]:
    """The demo users by username; those missing are created with the demo password and their role's group."""
    existing = {user.username: user for user in User.objects.filter(username__in=[u.username for u in DEMO_USERS])}
    password = demo_password_hash()
    users, created = {}, 0
    for demo in DEMO_USERS:
        user = existing.get(demo.username)
        if user is None:
            is_administrator = demo.role == Role.ADMINISTRATOR
            user = User(
                username=demo.username,
                password=password,
                first_name=demo.family_name,
                last_name=demo.given_names,
                job_title=demo.job_title,
                agency=agencies[demo.agency] if demo.agency else None,
                is_staff=is_administrator,
            )
            user.save()
            user.groups.add(Group.objects.get(name=demo.role.value))
            created += 1
        if needs_second_factor(user):
            enrol_with_key(user, DEMO_TOTP_KEY)
        users[demo.username] = user
    return users, created
