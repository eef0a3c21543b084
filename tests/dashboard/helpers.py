"""Reading the dashboard as a user does: the numbers it shows and the lists they link to."""

import html
import re
from html.parser import HTMLParser

from django.urls import reverse


class _Links(HTMLParser):
    """Every link of the page whose text starts with a number: (href, number)."""

    def __init__(self):
        super().__init__()
        self.links, self._href, self._text = [], None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            match = re.match(r"\s*([\d.,]+)", self._text)
            if match:
                self.links.append((self._href, int(re.sub(r"[.,]", "", match.group(1)))))
            self._href = None


def figure_links(response) -> list[tuple[str, int]]:
    """(url, number) of every figure and table cell of the dashboard that links to a list."""
    parser = _Links()
    parser.feed(response.content.decode())
    lists = (reverse("models_registry:list"), reverse("meetings:directive_list"))
    return [(html.unescape(href), number) for href, number in parser.links if href.startswith(lists)]


def list_count(client, url: str) -> int:
    """How many rows the linked list finds (its paginator's count)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["paginator"].count


def figure(response, key: str) -> int:
    return next(f["value"] for f in response.context["data"]["headline"] if f["key"] == key)


def directive_figure(response, key: str) -> int:
    return next(f["value"] for f in response.context["data"]["directives"]["counts"] if f["key"] == key)
