"""What an app offers the pages that compose several apps (the navigation and the home page), without those
pages' app reaching into its models: each app has a `panels.py` with `navigation(user)`, `home_panels(user)`
and `shortcuts(user)` returning these."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavLink:
    """A link of the top navigation. It is the current page's link for `view_name`, or for every view of the
    URL namespace `section` when one is given."""

    view_name: str
    label: str
    section: str = ""

    @property
    def url(self) -> str:
        return reverse(self.view_name)

    def is_current(self, match) -> bool:
        if match is None:
            return False
        return match.namespace == self.section if self.section else match.view_name == self.view_name


@dataclass(frozen=True)
class Shortcut:
    """A line of the home page's "What you can do"."""

    url: str
    label: str


def panel(template: str, **context) -> dict:
    """A section of the home page: its template, which reads what it needs from `panel`."""
    return {"template": template, **context}
