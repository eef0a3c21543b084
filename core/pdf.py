"""Pages as PDF, laid out exactly as printing them: WeasyPrint renders the page's own HTML with its print
stylesheet (A4, Decree 30's margins), on the server, without a network.

A PDF never fetches anything from the network (closed intranets; no request forgery through a crafted
address): the fetcher reads the app's own static files from disk, `data:` images, and images the same user may
see on this site (the photo of a compilation entry), by calling their view with the user's request, so the
permission check is the page's own.
"""

import functools
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

PDF_CONTENT_TYPE = "application/pdf"
_HASHED = re.compile(r"\.[0-9a-f]{12}(\.\w+)$")  # css/app.5c22cdadf06d.css -> css/app.css
_FETCHABLE_TYPES = ("image/", "text/css", "font/")


@functools.cache
def site_fetcher_class():
    """WeasyPrint's fetcher for this site, made on first use: importing WeasyPrint takes 0.7 s, which every process
    (each server worker, each command) would otherwise pay at start-up for the few requests that draw a PDF."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFetcher(URLFetcher):
        def __init__(self, request: HttpRequest):
            super().__init__(allowed_protocols={"data", "http", "https"}, allow_redirects=False)
            self.request = request

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.netloc != self.request.get_host():
                raise ValueError(f"a PDF fetches nothing from elsewhere: {url}")
            if parts.path.startswith(settings.STATIC_URL):
                return self._static(url, parts.path.removeprefix(settings.STATIC_URL))
            return self._page(url, parts.path)

        def _static(self, url, name):
            # The apps' static folders first (what development and tests serve), then the collected files under the
            # manifest's hashed names (production), then a hashed name whose file was not collected.
            path = finders.find(name)
            if not path:
                try:
                    path = staticfiles_storage.path(name)
                except (NotImplementedError, ImproperlyConfigured):
                    path = None
                if not path or not Path(path).is_file():
                    path = finders.find(_HASHED.sub(r"\1", name))
            if not path:
                raise ValueError(f"no static file {name}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})

        def _page(self, url, path):
            try:
                match = resolve(path)
            except Resolver404 as error:
                raise ValueError(f"no page {path}") from error
            sub = HttpRequest()
            sub.method, sub.path, sub.path_info = "GET", path, path
            sub.META = {**self.request.META, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": ""}
            sub.user, sub.session = self.request.user, getattr(self.request, "session", None)
            sub.LANGUAGE_CODE = getattr(self.request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
            response = match.func(sub, *match.args, **match.kwargs)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith(_FETCHABLE_TYPES):
                raise ValueError(f"{path} is not an image or a stylesheet this user may see")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return SiteFetcher


def html_to_pdf(html: str, request: HttpRequest) -> bytes:
    """The page's HTML as PDF, with the print stylesheet, its images and styles read on the server."""
    from weasyprint import HTML

    document = HTML(
        string=html,
        base_url=request.build_absolute_uri("/"),
        url_fetcher=site_fetcher_class()(request),
        media_type="print",
    )
    return document.write_pdf()


def pdf_response(pdf: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}.pdf"'
    return response
