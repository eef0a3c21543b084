"""Published compilations of typical models, with their entries in the booklet's order."""

from compilations.models import Compilation

from ..pagination import SmallListPagination
from ..serializers import compilations as s
from .base import ReadOnlyViewSet


class CompilationViewSet(ReadOnlyViewSet):
    required_permission = "compilations.view_compilation"
    serializer_class = s.CompilationSerializer
    pagination_class = SmallListPagination

    def get_queryset(self):
        return Compilation.objects.visible_to(self.request.user).published()
