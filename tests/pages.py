"""Reading the pages that compose several apps (home/) in tests."""


def home_panel(response, template: str) -> dict:
    """The home page's panel drawn by `template` (e.g. "meetings/panels/follow_up.html"); KeyError if absent."""
    for panel in response.context["panels"]:
        if panel["template"] == template:
            return panel
    raise KeyError(template)
