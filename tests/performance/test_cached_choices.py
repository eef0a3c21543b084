"""The list filters' drop-downs are read and rendered once per change of the tables behind them (core/choices.py),
and a change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from models_registry.models import Agency
from tests.factories import AgencyFactory, FieldFactory, UserFactory


@pytest.fixture
def reader(client, db):
    client.force_login(UserFactory(agency=None, roles=[Role.REVIEWER]))
    return client


def test_a_new_renamed_or_deleted_agency_shows_in_the_filter_at_once(reader):
    assert "Đảng ủy xã Yên Thắng" not in reader.get("/models/").content.decode()
    agency = AgencyFactory(name="Đảng ủy xã Yên Thắng")
    assert "Đảng ủy xã Yên Thắng" in reader.get("/models/").content.decode()
    agency.name = "Đảng ủy phường Yên Thắng"
    agency.save()
    content = reader.get("/models/").content.decode()
    assert "Đảng ủy phường Yên Thắng" in content and "Đảng ủy xã Yên Thắng" not in content
    agency.delete()
    assert "Đảng ủy phường Yên Thắng" not in reader.get("/models/").content.decode()


def test_a_new_field_shows_in_the_filter_at_once(reader):
    reader.get("/models/")
    FieldFactory(name="Chuyển đổi số")
    assert "Chuyển đổi số" in reader.get("/models/").content.decode()


def test_the_chosen_agency_stays_selected(reader):
    agency = AgencyFactory(name="Ban Dân vận Huyện ủy Hoa Lư")
    reader.get("/models/")
    content = reader.get("/models/", {"agency": agency.pk}).content.decode()
    assert f'<option value="{agency.pk}" selected>' in content
    assert f'<option value="{agency.pk}">' in reader.get("/models/").content.decode()


def test_the_drop_downs_are_not_read_again_until_a_change(reader):
    AgencyFactory.create_batch(3)
    reader.get("/models/")
    with CaptureQueriesContext(connection) as queries:
        reader.get("/models/")
    read_whole = [query["sql"].split(" FROM ")[1].split()[0] for query in queries.captured_queries]
    assert f'"{Agency._meta.db_table}"' not in read_whole
    assert '"models_registry_field"' not in read_whole and '"models_registry_administrativeunit"' not in read_whole


def test_a_drop_down_narrowed_per_user_is_cached_apart(client, db, agency, sub_agency, other_agency, alice, leader):
    """An official's dashboard offers only their agency's subtree, whoever opened a dashboard before them."""
    client.force_login(leader)
    assert other_agency.name in client.get("/dashboard/").content.decode()
    client.force_login(alice)
    content = client.get("/dashboard/").content.decode()
    assert sub_agency.name in content and other_agency.name not in content
    client.force_login(leader)
    assert other_agency.name in client.get("/dashboard/").content.decode()


def test_the_filter_sidebar_is_rendered_once_per_data_and_shows_the_same(reader, settings):
    """The sidebar's HTML comes from the cache the second time: the same fields, values and errors as afresh."""
    from django.core.cache import cache
    from django.template import base

    AgencyFactory(name="Ban Dân vận Huyện ủy Hoa Lư")
    query = {"q": "dân vận", "year_started": "1800"}  # a value the form refuses, with its error shown
    first = reader.get("/models/", query).content.decode()
    rendered = []
    original = base.Template._render
    base.Template._render = lambda self, context: rendered.append(self.name) or original(self, context)
    try:
        second = reader.get("/models/", query).content.decode()
        assert "includes/fields.html" not in rendered  # served from the cache
        cache.clear()
        rendered.clear()
        fresh = reader.get("/models/", query).content.decode()
        assert "includes/fields.html" in rendered
    finally:
        base.Template._render = original
    sidebar = first.split('role="search">')[1].split("</form>")[0]
    assert sidebar == second.split('role="search">')[1].split("</form>")[0]
    assert sidebar == fresh.split('role="search">')[1].split("</form>")[0]
    assert 'value="dân vận"' in sidebar and 'class="error"' in sidebar and 'value="1800"' in sidebar


def test_other_values_or_another_language_get_their_own_sidebar(reader):
    agency = AgencyFactory(name="Ban Dân vận Huyện ủy Hoa Lư")
    reader.get("/models/")
    chosen = reader.get("/models/", {"agency": agency.pk}).content.decode()
    assert f'<option value="{agency.pk}" selected>' in chosen
    reader.cookies["django_language"] = "en"
    english = reader.get("/models/", {"agency": agency.pk}).content.decode()
    sidebar = english.split('role="search">')[1].split("</form>")[0]
    assert "Year started" in sidebar and "Năm bắt đầu" not in sidebar
    assert f'<option value="{agency.pk}" selected>' in sidebar


def test_a_filter_whose_drop_down_the_version_does_not_watch_is_rendered_afresh(rf, db):
    """A FilterSet with a drop-down read from the database but not in `cached_choices`: no cached HTML, so a new
    row shows at once even though the choices' version did not move."""
    import django_filters

    from core.choices import CachedChoicesMixin, rendered_fields
    from models_registry.models import Field

    class Partly(CachedChoicesMixin, django_filters.FilterSet):
        cached_choices = ("agency",)
        agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all())
        field = django_filters.ModelChoiceFilter(queryset=Field.objects.all())  # not watched here

        class Meta:
            model = Agency
            fields = []

    def sidebar():
        return rendered_fields(Partly({}, queryset=Agency.objects.all()))

    sidebar()
    Field.objects.filter(pk__in=Field.objects.values("pk")[:1]).update(name="Chuyển đổi số toàn dân")
    assert "Chuyển đổi số toàn dân" in sidebar()


def test_the_directive_lists_meeting_filter_shows_a_new_or_renamed_meeting_at_once(client, secretary):
    from tests.factories import MeetingFactory

    client.force_login(secretary)
    client.get("/directives/")
    meeting = MeetingFactory(title="Hội nghị sơ kết Dân vận khéo quý I", published=True)
    assert "Hội nghị sơ kết Dân vận khéo quý I" in client.get("/directives/").content.decode()
    meeting.title = "Hội nghị sơ kết Dân vận khéo 6 tháng"
    meeting.save()
    content = client.get("/directives/").content.decode()
    assert "Hội nghị sơ kết Dân vận khéo 6 tháng" in content and "quý I" not in content


def test_a_draft_meeting_is_offered_only_to_those_who_read_drafts_whoever_came_first(client, secretary, alice):
    """The meeting drop-down is narrowed per reader (drafts for the secretariat and the leaders): each narrowing is
    cached apart, so an official never gets the secretary's cached choices."""
    from tests.factories import MeetingFactory

    MeetingFactory(title="Dự thảo hội nghị chuyên đề", published=False)
    MeetingFactory(title="Hội nghị đã công bố", published=True)
    client.force_login(secretary)
    assert "Dự thảo hội nghị chuyên đề" in client.get("/directives/").content.decode()
    client.force_login(alice)
    content = client.get("/directives/").content.decode()
    assert "Hội nghị đã công bố" in content and "Dự thảo hội nghị chuyên đề" not in content


def test_the_directive_lists_sidebar_reads_no_meetings_until_a_change(client, secretary):
    from tests.factories import MeetingFactory

    MeetingFactory.create_batch(2, published=True)
    client.force_login(secretary)
    client.get("/directives/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/directives/")
    statements = [query["sql"] for query in queries.captured_queries]
    read_whole = [sql.split(" FROM ")[1].split()[0] for sql in statements if " FROM " in sql]
    assert '"meetings_meeting"' not in read_whole
