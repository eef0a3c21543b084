"""core.filters.FormClassPerClassMixin: a list's FilterSet reuses the form class made for its class and language,
unless its filters were changed for this request; the forms themselves stay each request's own."""

from dashboard.filters import DashboardFilterSet
from meetings.filtersets import DirectiveFilterSet
from models_registry.filtersets import MovementModelFilterSet
from models_registry.models import MovementModel
from tests.factories import MeetingFactory


def test_filtersets_as_declared_share_the_form_class_but_not_the_form(db):
    first = MovementModelFilterSet({"year_started": "2021"}, queryset=MovementModel.objects.all())
    second = MovementModelFilterSet({"year_started": "99999"}, queryset=MovementModel.objects.all())
    assert first.get_form_class() is second.get_form_class()
    assert first.form is not second.form and first.form.fields["agency"] is not second.form.fields["agency"]
    assert first.is_valid() and first.form.cleaned_data["year_started"] == 2021
    assert not second.is_valid() and "year_started" in second.form.errors


def test_a_filterset_narrowed_for_its_user_gets_its_own_form_class(db, agency, sub_agency, other_agency):
    province = DashboardFilterSet({})
    official = DashboardFilterSet({}, limit_to_agency=agency)
    assert official.get_form_class() is not province.get_form_class()
    offered = set(official.form.fields["agency"].queryset)
    assert sub_agency in offered and other_agency not in offered
    assert other_agency in set(DashboardFilterSet({}).form.fields["agency"].queryset)


def test_a_queryset_chosen_per_request_is_never_shared(rf, secretary, alice):
    """The meetings a reader may choose are their own: an official cannot filter by a draft meeting they may not
    see, even after a secretary's request built the same FilterSet."""
    draft = MeetingFactory(title="Dự thảo hội nghị chuyên đề", published=False)
    as_secretary = rf.get("/directives/")
    as_secretary.user = secretary
    assert DirectiveFilterSet({"meeting": draft.pk}, request=as_secretary).is_valid()
    as_official = rf.get("/directives/")
    as_official.user = alice
    filterset = DirectiveFilterSet({"meeting": draft.pk}, request=as_official)
    assert not filterset.is_valid() and "meeting" in filterset.form.errors


def test_each_language_gets_its_own_form_class(client, leader, settings):
    client.force_login(leader)
    vietnamese = client.get("/models/").content.decode()
    assert "Năm bắt đầu" in vietnamese and "Year started" not in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/models/").content.decode()
    assert "Year started" in english and "Năm bắt đầu" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Năm bắt đầu" in client.get("/models/").content.decode()
