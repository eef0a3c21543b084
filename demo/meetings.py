"""Demo data for meetings and directives: the source's joint conference of the two provincial steering
committees (reviewing 2023, setting the tasks of 2024) with its chair, attendees, minutes and the seven
directives of the chair's conclusion, three other meetings of 2023–2024, and the reference documents
they cite.

The conference's people, titles, figures and directives are those of the source; its date, times,
place and recording secretary, the other meetings, the officials' accounts and every progress report
are invented, and the minutes say so. Every record goes through the meetings' services (meeting_create,
meeting_publish, meeting_amend, directive_create, report_progress, assignment_mark_done, assignment_confirm,
document_create) with the date it would have had (a report of July 2024 is dated July 2024), so the
timelines read as they would have.

Running it again changes nothing: a meeting that exists (same title and date) is left alone, and
agencies and accounts are looked up by name before anything is created.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from meetings.choices import (
    AttendanceRole,
    DocumentKind,
    MeetingKind,
    ProgressAction,
)
from meetings.models import Directive, DirectiveAssignment, Meeting, ReferenceDocument
from meetings.services import (
    AttendeeData,
    assignment_confirm,
    assignment_mark_done,
    directive_create,
    document_create,
    meeting_amend,
    meeting_create,
    meeting_publish,
    report_progress,
)
from models_registry.choices import AgencyKind
from models_registry.models import Agency, MovementModel

from .registry import demo_password_hash

# The secretariat registered the documents the meetings refer to before the first of them.
DOCUMENTS_REGISTERED = dt.date(2023, 9, 11)


BCD_QCDC = "Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh Ninh Bình"
BCD_DVK = "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh Ninh Bình"
BDV_TINH = "Ban Dân vận Tỉnh ủy Ninh Bình"
MTTQ = "Ủy ban MTTQ Việt Nam tỉnh Ninh Bình"
SO_NOI_VU = "Sở Nội vụ tỉnh Ninh Bình"
SO_TU_PHAP = "Sở Tư pháp tỉnh Ninh Bình"
BTG_TINH = "Ban Tuyên giáo Tỉnh ủy Ninh Bình"
THANH_UY = "Thành ủy Ninh Bình"
HUYEN_UY_KIM_SON = "Huyện ủy Kim Sơn"
BDV_KIM_SON = "Ban Dân vận Huyện ủy Kim Sơn"

AGENCY_KINDS = {
    BCD_QCDC: AgencyKind.STEERING_COMMITTEE,
    BCD_DVK: AgencyKind.STEERING_COMMITTEE,
    BDV_TINH: AgencyKind.PARTY,
    MTTQ: AgencyKind.FRONT,
    SO_NOI_VU: AgencyKind.STATE,
    SO_TU_PHAP: AgencyKind.STATE,
    BTG_TINH: AgencyKind.PARTY,
    THANH_UY: AgencyKind.PARTY,
    HUYEN_UY_KIM_SON: AgencyKind.PARTY,
    BDV_KIM_SON: AgencyKind.PARTY,
}
SHORT_NAMES = {
    BCD_QCDC: "BCĐ QCDC tỉnh",
    BCD_DVK: "BCĐ “Dân vận khéo” tỉnh",
    BDV_TINH: "Ban Dân vận Tỉnh ủy",
    MTTQ: "UBMTTQ tỉnh",
    SO_NOI_VU: "Sở Nội vụ",
    SO_TU_PHAP: "Sở Tư pháp",
    BTG_TINH: "Ban Tuyên giáo Tỉnh ủy",
    BDV_KIM_SON: "BDV Kim Sơn",
}

# username: (family and middle names, given name, role, agency, job title)
ACCOUNTS = {
    "thuky": ("Phạm Thu", "Hà", Role.SECRETARY, BDV_TINH, "Chuyên viên, Văn phòng Ban Chỉ đạo"),
    "canbo": ("Trần Văn", "Bình", Role.OFFICIAL, BDV_KIM_SON, "Chuyên viên"),
    "bdvtinh": ("Lê Minh", "Tâm", Role.OFFICIAL, BDV_TINH, "Chuyên viên Phòng Dân vận"),
    "sonoivu": ("Nguyễn Thị", "Lan", Role.OFFICIAL, SO_NOI_VU, "Chuyên viên Phòng Xây dựng chính quyền"),
    "sotuphap": ("Đinh Quang", "Huy", Role.OFFICIAL, SO_TU_PHAP, "Chuyên viên Phòng Phổ biến giáo dục pháp luật"),
    "tuyengiao": ("Vũ Thị", "Mai", Role.OFFICIAL, BTG_TINH, "Chuyên viên"),
    "mttq": ("Hoàng Văn", "Đức", Role.OFFICIAL, MTTQ, "Chuyên viên Ban Dân chủ – Pháp luật"),
}

PLAN_26 = ("26-KH/TU", "Ban Thường vụ Tỉnh ủy Ninh Bình")
LAW_DEMOCRACY = ("10/2022/QH15", "Quốc hội")
QUY_CHE_DAN_VAN = ("23-QĐ/TW", "Bộ Chính trị")
DOCUMENTS = [
    # number, issuing body, kind, title, date (None where the date is not known for sure)
    (*PLAN_26, DocumentKind.PLAN, "Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” giai đoạn 2021–2025", None),
    (*LAW_DEMOCRACY, DocumentKind.LAW, "Luật Thực hiện dân chủ ở cơ sở", dt.date(2022, 11, 10)),
    (
        *QUY_CHE_DAN_VAN,
        DocumentKind.REGULATION,
        "Quy chế công tác dân vận của hệ thống chính trị",
        dt.date(2021, 7, 30),
    ),
]

CONFERENCE_MINUTES = """\
(Dữ liệu mẫu: nội dung tóm tắt theo bản tin về hội nghị; ngày, giờ, địa điểm và thư ký hội nghị là minh họa.)

I. KẾT QUẢ NĂM 2023

1. Thực hiện Quy chế dân chủ ở cơ sở
Năm 2023, Tỉnh ủy, HĐND, UBND tỉnh và Ban Chỉ đạo tỉnh đã tập trung lãnh đạo, chỉ đạo, tổ chức thực hiện có hiệu \
quả việc xây dựng và thực hiện Quy chế dân chủ ở cơ sở gắn với thực hiện nhiệm vụ chính trị của tỉnh: sắp xếp đơn vị \
hành chính cấp huyện, cấp xã giai đoạn 2023–2025, đẩy mạnh cải cách hành chính và chuyển đổi số, tăng cường tiếp công \
dân, giải quyết khiếu nại, tố cáo, thực hiện có hiệu quả các chính sách an sinh xã hội.
Vai trò của cấp ủy, người đứng đầu cơ quan, đơn vị, địa phương được phát huy, với nhiều đổi mới trong lãnh đạo, chỉ \
đạo, điều hành; dám nghĩ, dám làm, dám chịu trách nhiệm; lắng nghe, tiếp thu ý kiến của cán bộ, đảng viên và Nhân dân. \
Việc thực hiện dân chủ ở xã, phường, thị trấn, trong cơ quan hành chính nhà nước, đơn vị sự nghiệp công lập và doanh \
nghiệp đạt nhiều kết quả quan trọng, góp phần tăng cường đoàn kết, tạo đồng thuận trong cán bộ, đảng viên và Nhân dân.

2. Phong trào thi đua “Dân vận khéo”
Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh quán triệt, thực hiện các nghị quyết, chỉ thị, kết luận của Trung \
ương và của tỉnh, chủ đề công tác năm 2023 của Ban Chấp hành Đảng bộ tỉnh “Siết chặt kỷ cương, nâng cao trách nhiệm, \
đổi mới, sáng tạo, hiệu quả thực chất”; chỉ đạo xây dựng mới, nhân rộng các mô hình, điển hình “Dân vận khéo” hiệu \
quả; rà soát, đưa ra khỏi danh sách những mô hình không còn hiệu quả.
Trong năm, các cơ quan, địa phương, đơn vị đã xây dựng mới 421 mô hình, điển hình “Dân vận khéo”, nâng tổng số mô \
hình “Dân vận khéo” toàn tỉnh lên 1.635 mô hình trên các lĩnh vực.

II. THẢO LUẬN
Các đại biểu làm rõ kết quả, ưu điểm, khó khăn, hạn chế và nguyên nhân trong thực hiện Quy chế dân chủ ở cơ sở và \
phong trào thi đua “Dân vận khéo” năm 2023; đề xuất nhiệm vụ, giải pháp tiếp tục thực hiện hiệu quả trong năm 2024.

III. KẾT LUẬN CỦA ĐỒNG CHÍ TRƯỞNG BAN CHỈ ĐẠO
Đồng chí Mai Văn Tuất ghi nhận, đánh giá cao kết quả các sở, ban, ngành, đoàn thể, địa phương đã đạt được; thẳng \
thắn chỉ ra những hạn chế, yêu cầu các cấp, các ngành, địa phương nghiêm túc, khẩn trương khắc phục. Thời gian tới cần:
- Tập trung tuyên truyền, phổ biến và triển khai thực hiện hiệu quả Luật Thực hiện dân chủ ở cơ sở năm 2022.
- Kịp thời kiện toàn, nâng cao chất lượng hoạt động của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở, nhất là cấp xã.
- Rà soát, sửa đổi, bổ sung quy chế làm việc của các cơ quan, đơn vị.
- Tiếp tục thực hiện hiệu quả Quy chế công tác dân vận của hệ thống chính trị và Kế hoạch số 26-KH/TU của Ban Thường \
vụ Tỉnh ủy về phong trào thi đua “Dân vận khéo” giai đoạn 2021–2025.
- Đẩy mạnh khảo sát, đánh giá các mô hình, điển hình “Dân vận khéo” trên các lĩnh vực; chỉ đạo biên soạn cuốn \
“100 mô hình, điển hình ‘Dân vận khéo’ tiêu biểu giai đoạn 2021–2025”.
- Tập trung phong trào vào những việc khó, phức tạp, nhạy cảm: giải phóng mặt bằng thực hiện các dự án trọng điểm, \
giải quyết khiếu nại, tố cáo, sắp xếp đơn vị hành chính cấp huyện, cấp xã.
- Thực hiện phong trào góp phần hoàn thành nhiệm vụ chính trị của tỉnh, xây dựng, phát triển tỉnh Ninh Bình trở \
thành thành phố trực thuộc Trung ương vào năm 2035.
Hội nghị đã thảo luận, làm rõ các kiến nghị, đề xuất của đại biểu."""

DEMO_NOTE = "(Dữ liệu mẫu.)"


@dataclass
class Report:
    agency: str
    action: ProgressAction
    at: dt.date
    text: str = ""
    percent: int | None = None
    milestone: str = ""


@dataclass
class DirectiveSpec:
    text: str
    lead: str
    cooperating: list[str] = field(default_factory=list)
    deadline: dt.date | None = None  # None: regular/ongoing
    documents: list[tuple[str, str]] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    typical_models: int = 0  # link this many typical models of the registry, if its demo is loaded


@dataclass
class MeetingSpec:
    title: str
    kind: MeetingKind
    organisers: list[str]
    date: dt.date
    start: dt.time
    end: dt.time
    place: str
    attendees: list[tuple[str, str, str | None, str, AttendanceRole]]  # name, title, agency, agency name, role
    agenda: str
    minutes: str
    directives: list[DirectiveSpec] = field(default_factory=list)
    published: bool = True
    amendment: tuple[str, tuple] | None = None  # reason, attendee added by the amendment


def _done(agency, at, text):
    """An agency reports its part done, and the secretary confirms it a few days later."""
    return [
        Report(agency, ProgressAction.DONE, at, text),
        Report(agency, ProgressAction.CONFIRM, at + dt.timedelta(days=5), "Đã kiểm tra báo cáo và hồ sơ kèm theo."),
    ]


CONFERENCE = MeetingSpec(
    title=(
        "Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024 của Ban Chỉ đạo thực hiện Quy chế dân chủ "
        "ở cơ sở và Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh"
    ),
    kind=MeetingKind.CONFERENCE,
    organisers=[BCD_QCDC, BCD_DVK],
    date=dt.date(2024, 1, 16),
    start=dt.time(8, 0),
    end=dt.time(11, 30),
    place="Hội trường Tỉnh ủy Ninh Bình",
    attendees=[
        (
            "Mai Văn Tuất",
            "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh, Trưởng Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở "
            "tỉnh và Trưởng Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
            None,
            "Tỉnh ủy Ninh Bình",
            AttendanceRole.CHAIR,
        ),
        (
            "Đỗ Việt Anh",
            "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy, Phó Trưởng ban Thường trực Ban Chỉ đạo thực "
            "hiện Quy chế dân chủ ở cơ sở tỉnh và Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
            BDV_TINH,
            BDV_TINH,
            AttendanceRole.ATTENDEE,
        ),
        (
            "Trần Song Tùng",
            "Phó Chủ tịch UBND tỉnh, Phó Trưởng Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh và Ban Chỉ đạo "
            "phong trào thi đua “Dân vận khéo” tỉnh",
            None,
            "Ủy ban nhân dân tỉnh Ninh Bình",
            AttendanceRole.ATTENDEE,
        ),
        (
            "Bùi Hoàng Hà",
            "Phó Chủ tịch Thường trực HĐND tỉnh, Ủy viên Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở tỉnh và Ban "
            "Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh",
            None,
            "Hội đồng nhân dân tỉnh Ninh Bình",
            AttendanceRole.ATTENDEE,
        ),
        (
            "Phạm Thu Hà",
            "Chuyên viên, Văn phòng Ban Chỉ đạo (dữ liệu mẫu)",
            BDV_TINH,
            BDV_TINH,
            AttendanceRole.SECRETARY,
        ),
    ],
    agenda=(
        "1. Báo cáo kết quả thực hiện Quy chế dân chủ ở cơ sở năm 2023; phương hướng, nhiệm vụ năm 2024.\n"
        "2. Báo cáo kết quả phong trào thi đua “Dân vận khéo” năm 2023; phương hướng, nhiệm vụ năm 2024.\n"
        "3. Thảo luận.\n"
        "4. Kết luận của đồng chí Trưởng Ban Chỉ đạo."
    ),
    minutes=CONFERENCE_MINUTES,
    directives=[
        DirectiveSpec(
            "Tập trung tuyên truyền, phổ biến và triển khai thực hiện hiệu quả Luật Thực hiện dân chủ ở cơ sở "
            "năm 2022.",
            lead=SO_TU_PHAP,
            cooperating=[BTG_TINH, MTTQ],
            deadline=dt.date(2024, 6, 30),
            documents=[LAW_DEMOCRACY],
            reports=[
                Report(
                    SO_TU_PHAP,
                    ProgressAction.REPORT,
                    dt.date(2024, 3, 15),
                    "Ban hành kế hoạch tuyên truyền; tổ chức 2 hội nghị quán triệt cho báo cáo viên cấp tỉnh.",
                    percent=40,
                    milestone="Kế hoạch tuyên truyền được ban hành",
                ),
                *_done(
                    SO_TU_PHAP,
                    dt.date(2024, 6, 20),
                    "Hoàn thành tập huấn cho 100% xã, phường, thị trấn; phát hành 20.000 tờ gấp về Luật.",
                ),
                *_done(BTG_TINH, dt.date(2024, 6, 10), "Định hướng tuyên truyền trên báo, đài và mạng xã hội."),
                *_done(MTTQ, dt.date(2024, 6, 25), "Lồng ghép tuyên truyền trong sinh hoạt khu dân cư."),
            ],
        ),
        DirectiveSpec(
            "Kịp thời kiện toàn, nâng cao chất lượng hoạt động của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở các "
            "cấp, nhất là cấp xã.",
            lead=BDV_TINH,
            cooperating=[SO_NOI_VU],
            deadline=dt.date(2024, 3, 31),
            reports=[
                *_done(BDV_TINH, dt.date(2024, 3, 25), "143/143 xã, phường, thị trấn đã kiện toàn Ban Chỉ đạo."),
                *_done(SO_NOI_VU, dt.date(2024, 3, 20), "Hướng dẫn bố trí cán bộ theo dõi dân chủ ở cơ sở cấp xã."),
            ],
        ),
        DirectiveSpec(
            "Rà soát, sửa đổi, bổ sung quy chế làm việc của các cơ quan, đơn vị, góp phần thực hiện tốt hơn dân chủ ở "
            "cơ sở.",
            lead=SO_NOI_VU,
            cooperating=[SO_TU_PHAP],
            deadline=dt.date(2024, 9, 30),
            documents=[LAW_DEMOCRACY],
            reports=[
                Report(
                    SO_NOI_VU,
                    ProgressAction.REPORT,
                    dt.date(2024, 7, 10),
                    "32/53 cơ quan, đơn vị đã ban hành quy chế làm việc sửa đổi.",
                    percent=60,
                ),
                *_done(SO_TU_PHAP, dt.date(2024, 8, 30), "Thẩm định xong dự thảo quy chế của các sở, ngành."),
            ],
        ),
        DirectiveSpec(
            "Tiếp tục thực hiện hiệu quả Quy chế công tác dân vận của hệ thống chính trị và Kế hoạch số 26-KH/TU "
            "của Ban Thường vụ Tỉnh ủy về phong trào thi đua “Dân vận khéo” giai đoạn 2021–2025.",
            lead=BDV_TINH,
            cooperating=[MTTQ],
            documents=[PLAN_26, QUY_CHE_DAN_VAN],
            reports=[
                Report(
                    BDV_TINH,
                    ProgressAction.REPORT,
                    dt.date(2024, 7, 5),
                    "Sơ kết 6 tháng: xây dựng mới 214 mô hình, điển hình “Dân vận khéo”.",
                    milestone="Sơ kết 6 tháng đầu năm 2024",
                ),
            ],
        ),
        DirectiveSpec(
            "Đẩy mạnh khảo sát, đánh giá các mô hình, điển hình “Dân vận khéo” trên các lĩnh vực; chỉ đạo biên soạn "
            "cuốn “100 mô hình, điển hình ‘Dân vận khéo’ tiêu biểu giai đoạn 2021–2025”.",
            lead=BDV_TINH,
            cooperating=[BTG_TINH, BDV_KIM_SON],
            deadline=dt.date(2024, 12, 31),
            documents=[PLAN_26],
            typical_models=3,
            reports=[
                Report(
                    BDV_TINH,
                    ProgressAction.REPORT,
                    dt.date(2024, 9, 12),
                    "Khảo sát xong 186 mô hình đề cử; lựa chọn 100 mô hình để biên soạn.",
                    percent=70,
                ),
                Report(
                    BDV_KIM_SON,
                    ProgressAction.REPORT,
                    dt.date(2024, 10, 2),
                    "Đề cử 6 mô hình của huyện; đang hoàn thiện bài viết giới thiệu.",
                    percent=50,
                ),
                Report(
                    BDV_TINH,
                    ProgressAction.DONE,
                    dt.date(2024, 12, 27),
                    "Bản thảo cuốn sách đã hoàn thành, trình Ban Chỉ đạo cho ý kiến.",
                ),
            ],
        ),
        DirectiveSpec(
            "Tập trung phong trào thi đua “Dân vận khéo” vào những việc khó, phức tạp, nhạy cảm: giải phóng mặt "
            "bằng thực hiện các dự án trọng điểm, giải quyết khiếu nại, tố cáo, sắp xếp đơn vị hành chính cấp "
            "huyện, cấp xã.",
            lead=BDV_TINH,
            cooperating=[MTTQ, THANH_UY, HUYEN_UY_KIM_SON],
            deadline=dt.date(2024, 12, 31),
        ),
        DirectiveSpec(
            "Thực hiện phong trào thi đua “Dân vận khéo” góp phần hoàn thành nhiệm vụ chính trị của tỉnh, xây dựng, "
            "phát triển tỉnh Ninh Bình trở thành thành phố trực thuộc Trung ương vào năm 2035.",
            lead=BDV_TINH,
        ),
    ],
)

OTHER_MEETINGS = [
    MeetingSpec(
        title="Phiên họp Ban Chỉ đạo phong trào thi đua “Dân vận khéo” tỉnh quý III năm 2023",
        kind=MeetingKind.STEERING_COMMITTEE,
        organisers=[BCD_DVK],
        date=dt.date(2023, 9, 21),
        start=dt.time(14, 0),
        end=dt.time(16, 30),
        place="Phòng họp Ban Dân vận Tỉnh ủy Ninh Bình",
        attendees=[
            (
                "Lê Thị Hồng Nhung",
                "Phó Trưởng Ban Dân vận Tỉnh ủy (dữ liệu mẫu)",
                BDV_TINH,
                BDV_TINH,
                AttendanceRole.CHAIR,
            ),
            ("Đặng Văn Khoa", "Trưởng phòng Dân vận (dữ liệu mẫu)", BDV_TINH, BDV_TINH, AttendanceRole.ATTENDEE),
            ("Phạm Thu Hà", "Chuyên viên (dữ liệu mẫu)", BDV_TINH, BDV_TINH, AttendanceRole.SECRETARY),
        ],
        agenda="1. Tiến độ rà soát các mô hình “Dân vận khéo” đã công nhận.\n2. Chuẩn bị tổng kết năm 2023.",
        minutes=f"{DEMO_NOTE}\n\nBan Chỉ đạo nghe báo cáo tiến độ rà soát các mô hình đã được công nhận giai đoạn "
        "2021–2023 và thống nhất yêu cầu hoàn thành rà soát trước ngày 30/11/2023.",
        directives=[
            DirectiveSpec(
                "Hoàn thành rà soát, đánh giá các mô hình “Dân vận khéo” đã được công nhận giai đoạn 2021–2023; đề "
                "xuất đưa ra khỏi danh sách các mô hình không còn hiệu quả.",
                lead=BDV_TINH,
                cooperating=[BDV_KIM_SON],
                deadline=dt.date(2023, 11, 30),
                documents=[PLAN_26],
                reports=[
                    *_done(BDV_KIM_SON, dt.date(2023, 11, 15), "Rà soát 58 mô hình; đề xuất đưa ra khỏi danh sách 3."),
                    *_done(BDV_TINH, dt.date(2023, 11, 28), "Tổng hợp kết quả rà soát toàn tỉnh, báo cáo Ban Chỉ đạo."),
                ],
            ),
        ],
        amendment=(
            "Bổ sung thành phần dự họp còn thiếu trong biên bản.",
            (
                "Vũ Thị Mai",
                "Chuyên viên Ban Tuyên giáo Tỉnh ủy (dữ liệu mẫu)",
                BTG_TINH,
                BTG_TINH,
                AttendanceRole.ATTENDEE,
            ),
        ),
    ),
    MeetingSpec(
        title="Hội nghị sơ kết 6 tháng đầu năm 2024 thực hiện Quy chế dân chủ ở cơ sở",
        kind=MeetingKind.REVIEW_SESSION,
        organisers=[BCD_QCDC],
        date=dt.date(2024, 7, 12),
        start=dt.time(8, 0),
        end=dt.time(11, 0),
        place="Hội trường Tỉnh ủy Ninh Bình",
        attendees=[
            (
                "Lê Thị Hồng Nhung",
                "Phó Trưởng Ban Dân vận Tỉnh ủy (dữ liệu mẫu)",
                BDV_TINH,
                BDV_TINH,
                AttendanceRole.CHAIR,
            ),
            ("Nguyễn Thị Lan", "Chuyên viên Sở Nội vụ (dữ liệu mẫu)", SO_NOI_VU, SO_NOI_VU, AttendanceRole.ATTENDEE),
            ("Phạm Thu Hà", "Chuyên viên (dữ liệu mẫu)", BDV_TINH, BDV_TINH, AttendanceRole.SECRETARY),
        ],
        agenda="1. Sơ kết 6 tháng đầu năm 2024.\n2. Nhiệm vụ 6 tháng cuối năm.",
        minutes=f"{DEMO_NOTE}\n\nHội nghị đánh giá kết quả 6 tháng đầu năm và thống nhất nhiệm vụ trọng tâm 6 tháng "
        "cuối năm 2024, trong đó có việc đối thoại với Nhân dân về sắp xếp đơn vị hành chính cấp xã.",
        directives=[
            DirectiveSpec(
                "Hướng dẫn các xã, phường, thị trấn tổ chức đối thoại với Nhân dân về phương án sắp xếp đơn vị hành "
                "chính cấp xã.",
                lead=SO_NOI_VU,
                cooperating=[MTTQ],
                deadline=dt.date(2024, 10, 31),
                reports=[
                    Report(
                        SO_NOI_VU,
                        ProgressAction.REPORT,
                        dt.date(2024, 9, 5),
                        "Ban hành hướng dẫn; 12 xã đã tổ chức đối thoại.",
                        percent=45,
                    ),
                ],
            ),
            DirectiveSpec(
                "Tổng hợp kết quả thực hiện dân chủ ở cơ sở 6 tháng cuối năm 2024, báo cáo Ban Chỉ đạo.",
                lead=BDV_TINH,
                deadline=dt.date(2024, 12, 15),
                reports=_done(BDV_TINH, dt.date(2024, 12, 10), "Đã gửi báo cáo số liệu của 8 huyện, thành phố."),
            ),
        ],
    ),
    MeetingSpec(
        title="Hội nghị giao ban công tác dân vận quý IV năm 2024",
        kind=MeetingKind.BRIEFING,
        organisers=[BCD_DVK],
        date=dt.date(2024, 12, 20),
        start=dt.time(8, 0),
        end=dt.time(10, 30),
        place="Phòng họp Ban Dân vận Tỉnh ủy Ninh Bình",
        attendees=[
            (
                "Lê Thị Hồng Nhung",
                "Phó Trưởng Ban Dân vận Tỉnh ủy (dữ liệu mẫu)",
                BDV_TINH,
                BDV_TINH,
                AttendanceRole.CHAIR,
            ),
        ],
        agenda="1. Giao ban công tác dân vận quý IV.\n2. Dự kiến chương trình công tác năm 2025.",
        minutes=f"{DEMO_NOTE}\n\nBản nháp: thư ký đang hoàn thiện biên bản.",
        published=False,
    ),
]


def _agency(name: str) -> Agency:
    agency = Agency.objects.filter(name=name).order_by("pk").first()
    if agency is None:
        agency = Agency.objects.create(name=name, short_name=SHORT_NAMES.get(name, ""), kind=AGENCY_KINDS[name])
    return agency


def _account(username: str) -> User:
    """A demo account (reference data, as an administrator sets it up), created if it is missing."""
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    family, given, role, agency, title = ACCOUNTS[username]
    user = User(username=username, first_name=family, last_name=given, agency=_agency(agency), job_title=title)
    user.password = demo_password_hash()
    user.save()
    user.groups.add(Group.objects.get(name=role.value))
    return user


def _moment(day: dt.date, time: dt.time = dt.time(9, 0)) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _documents(secretary) -> dict:
    documents = {}
    for number, body, kind, title, issued_on in DOCUMENTS:
        document = ReferenceDocument.objects.filter(number=number, issuing_body=body).first()
        if document is None:
            document = document_create(
                user=secretary,
                data={"kind": kind, "number": number, "title": title, "issuing_body": body, "issued_on": issued_on},
                at=_moment(DOCUMENTS_REGISTERED),
            )
        documents[(number, body)] = document
    return documents


_REPORTERS = {
    BDV_TINH: "bdvtinh",
    BDV_KIM_SON: "canbo",
    SO_NOI_VU: "sonoivu",
    SO_TU_PHAP: "sotuphap",
    BTG_TINH: "tuyengiao",
    MTTQ: "mttq",
}


def _report(part: DirectiveAssignment, report: Report, secretary) -> None:
    at = _moment(report.at, dt.time(15, 0))
    if report.action == ProgressAction.CONFIRM:
        assignment_confirm(assignment=part, user=secretary, comment=report.text, at=at)
        return
    reporter = _account(_REPORTERS[report.agency])
    if report.action == ProgressAction.DONE:
        assignment_mark_done(assignment=part, user=reporter, text=report.text, milestone=report.milestone, at=at)
    else:
        report_progress(
            assignment=part, user=reporter, text=report.text, percent=report.percent, milestone=report.milestone,
            at=at,
        )  # fmt: skip


def _directive(meeting, spec: DirectiveSpec, documents, secretary, typical_codes) -> Directive:
    models = []
    if spec.typical_models:
        in_list = MovementModel.objects.in_list()
        typical = in_list.filter(code__in=typical_codes) if typical_codes is not None else in_list.typical()
        models = list(typical.order_by("pk")[: spec.typical_models])
    directive = directive_create(
        meeting=meeting,
        user=secretary,
        text=spec.text,
        lead_agency=_agency(spec.lead),
        cooperating_agencies=[_agency(name) for name in spec.cooperating],
        deadline=spec.deadline,
        is_ongoing=spec.deadline is None,
        documents=[documents[key] for key in spec.documents],
        registry_models=models,
        at=_moment(meeting.date + dt.timedelta(days=2), dt.time(10, 0)),
    )
    parts = {part.agency.name: part for part in directive.assignments.select_related("agency")}
    for report in sorted(spec.reports, key=lambda report: report.at):
        _report(parts[report.agency], report, secretary)
    return directive


def _attendee(row) -> AttendeeData:
    name, title, agency, agency_name, role = row
    return AttendeeData(full_name=name, title=title, agency=_agency(agency) if agency else None,
                        agency_name=agency_name, role=role)  # fmt: skip


def _meeting(spec: MeetingSpec, documents, secretary, typical_codes) -> Meeting | None:
    if Meeting.objects.filter(title=spec.title, date=spec.date).exists():
        return None
    organisers = [_agency(name) for name in spec.organisers]
    data = {
        "title": spec.title,
        "kind": spec.kind,
        "date": spec.date,
        "start_time": spec.start,
        "end_time": spec.end,
        "place": spec.place,
        "agenda": spec.agenda,
        "minutes": spec.minutes,
    }
    attendees = [_attendee(row) for row in spec.attendees]
    meeting = meeting_create(
        user=secretary, data=data, organisers=organisers, attendees=attendees, at=_moment(spec.date, spec.end)
    )
    if spec.published:
        meeting_publish(meeting=meeting, user=secretary, at=_moment(spec.date + dt.timedelta(days=1), dt.time(16, 0)))
    for directive in spec.directives:
        _directive(meeting, directive, documents, secretary, typical_codes)
    if spec.amendment:
        reason, row = spec.amendment
        meeting.refresh_from_db()
        meeting_amend(
            meeting=meeting,
            user=secretary,
            expected_version=meeting.version,
            reason=reason,
            data=data,
            organisers=organisers,
            attendees=[*attendees, _attendee(row)],
            at=_moment(spec.date + dt.timedelta(days=7), dt.time(9, 30)),
        )
    return meeting


def load_meetings_demo(stdout=None, typical_codes=None) -> dict:
    """Load the demo meetings, directives and documents through the meetings' services; returns what it created.

    `typical_codes`: the registry demo's typical models, which a directive of the conference names (by default
    the models a published compilation marked typical)."""
    with transaction.atomic():
        secretary = _account("thuky")
        for username in ACCOUNTS:
            _account(username)
        documents = _documents(secretary)
        created = [
            meeting
            for spec in [CONFERENCE, *OTHER_MEETINGS]
            if (meeting := _meeting(spec, documents, secretary, typical_codes))
        ]
    summary = {
        "meetings": len(created),
        "directives": Directive.objects.filter(meeting__in=created).count(),
    }
    if stdout is not None:
        if created:
            stdout.write(
                f"Meetings demo: {summary['meetings']} meetings and {summary['directives']} directives recorded "
                f"(the source's conference of {CONFERENCE.date:%d/%m/%Y} and {len(OTHER_MEETINGS)} others)."
            )
        else:
            stdout.write("Meetings demo: already loaded, nothing changed.")
    return summary
