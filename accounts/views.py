from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST


def notification_list(request):
    """What happened to the user's records, newest first; unread ones stand out."""
    notifications = request.user.notifications.all()
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/notification_list.html", {"page_obj": page, "notifications": page.object_list})


@require_POST
def notifications_mark_read(request):
    request.user.notifications.unread().update(read_at=timezone.now())
    return redirect("accounts:notifications")
