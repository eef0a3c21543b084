"""Shared by the tests that try to break the app with bad input."""

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.roles import Role

from . import figures

# What officials paste from Word (vertical tab = line break, form feed = page break) and what a hostile or broken
# client sends: other C0 controls, U+FFFE. Not NUL: PostgreSQL cannot store it at all (the forms drop it).
CONTROL = "\x01\x08\x0b\x0c\x1b\x1f\ufffe"
# The ones that are dropped (Word's line and page breaks become line breaks instead).
DROPPED = "\x01\x08\x1b\x1f\ufffe"


@pytest.fixture(autouse=True)
def _english_and_no_cache(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def dirty(text: str) -> str:
    """`text` with control characters in the middle and a line break from Word at the end, as a row written
    before the cleaning existed."""
    half = len(text) // 2
    return f"{text[:half]}{DROPPED}{text[half:]}\x0b"


def store_raw(instance, **values) -> None:
    """Write `values` straight to the row (QuerySet.update sends no pre_save): what an older database holds."""
    type(instance).objects.filter(pk=instance.pk).update(**values)


# Hypothesis: a modest run in CI and in `make test`; `.ci/input-figures` runs the thorough profile.
hypothesis_settings.register_profile(
    "ci",
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile(
    "thorough",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile(os.environ.get("INPUT_FUZZ_PROFILE", "ci"))

# Text a hostile or careless user sends: markup, spreadsheet formulas, Word's breaks, NUL, very long words.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","bấm")',
    "+1-2",
    "@SUM(A1)",
    "Dòng 1\x0bDòng 2\x0cTrang 2",
    "\x00",
    "abc\x00def",
    "-5",
    "99999999999999999999999",
    "1e400",
    "NaN",
    "0x1F",
    "2023-13-45",
    "../../etc/passwd",
    "%00",
    "' OR 1=1 --",
    "ừ" * 300,
    " ".join(["từ"] * 40),
]
MARKUP = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def fuzz_text():
    """Anything a field or a query parameter may receive."""
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(max_size=60),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(alphabet=st.characters(max_codepoint=0x3F), max_size=12),
    )


def assert_escaped(response) -> None:
    """No markup a user typed reaches a page unescaped."""
    if response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode(errors="replace")
        for markup in MARKUP:
            assert markup not in page, f"unescaped user text in {response.request['PATH_INFO']}"


@dataclass
class World:
    official: object
    reviewer: object
    secretary: object
    leader: object
    everyone: object  # reviewer, secretary and leader at once: reads every list
    submitted: object
    recognised: object
    flagged: object
    draft: object
    meeting: object
    published: object
    directive: object
    part: object
    document: object
    compilation: object
    nomination: object
    round: object


@pytest.fixture
def world(agency, alice, reviewer, secretary, leader):
    """One record of each kind, in the states the pages act on; alice's agency owns the models."""
    from models_registry.services import round_open
    from tests.compilations.factories import CompilationFactory, NominationFactory
    from tests.factories import (
        DirectiveFactory,
        MeetingFactory,
        MovementModelFactory,
        ReferenceDocumentFactory,
        ReviewFlagFactory,
        UserFactory,
    )

    everyone = UserFactory(username="eve", roles=[Role.REVIEWER, Role.SECRETARY, Role.LEADER])
    recognised = MovementModelFactory(owner_agency=agency, recognised=True)
    flagged = MovementModelFactory(owner_agency=agency, flagged=True)
    ReviewFlagFactory(model=flagged, flagged_by=reviewer)
    published = MeetingFactory(published=True, created_by=secretary)
    directive = DirectiveFactory(meeting=published, lead=agency)
    compilation = CompilationFactory(created_by=reviewer)
    return World(
        official=alice,
        reviewer=reviewer,
        secretary=secretary,
        leader=leader,
        everyone=everyone,
        submitted=MovementModelFactory(owner_agency=agency, submitted=True),
        recognised=recognised,
        flagged=flagged,
        draft=MovementModelFactory(owner_agency=agency),
        meeting=MeetingFactory(created_by=secretary),
        published=published,
        directive=directive,
        part=directive.assignments.get(),
        document=ReferenceDocumentFactory(),
        compilation=compilation,
        nomination=NominationFactory(compilation=compilation, model=recognised, nominated_by=reviewer),
        round=round_open(user=reviewer, year=2024, title="Bình xét 2024"),
    )


def pytest_terminal_summary(terminalreporter):
    """The figures `.ci/input-figures` records: printed whenever these tests ran in this process."""
    counts = figures.counts
    if not counts:
        return
    terminalreporter.write_sep("=", "input safety figures")
    terminalreporter.write_line(
        f"fuzz cases run: {counts['fuzz cases']} ({counts['fuzz requests']} requests), "
        f"server errors (5xx): {counts['fuzz 5xx']}"
    )
    terminalreporter.write_line(
        f"malicious uploads tried: {counts['malicious uploads tried']}, "
        f"refused: {counts['malicious uploads refused']}"
    )
