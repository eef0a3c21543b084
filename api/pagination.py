"""Cursor pages for the large lists (models, their events, flags): stable under inserts, no COUNT(*); numbered
pages for the small ones, which keep the web list's order."""

from django.conf import settings
from rest_framework.pagination import CursorPagination, PageNumberPagination


class LargeListPagination(CursorPagination):
    ordering = "-pk"  # the models list's own default: newest first
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)


class SmallListPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)
