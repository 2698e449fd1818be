"""In-app notifications: any app tells users about something that needs them (an assignment, a reminder, a
returned feedback) with `notify(recipients, text, link)`; each user reads them behind the bell in the top bar.

    from zhenwu.core.notify import notify
    notify([task.leader, order.assignee], f"督办：{task.title}", order.get_absolute_url())
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .generic import org_required
from .models import Notification


def notify(recipients, text: str, link: str = "") -> int:
    """Send `text` (with an optional link inside the site) to each distinct user in `recipients`."""
    if link and not link.startswith("/"):
        link = ""
    return Notification.objects.send(recipients, text, link)


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user).unread().count()


@org_required
def inbox(request):
    qs = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread"):
        qs = qs.unread()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page, "unread": unread_count(request.user)})


@require_POST
@org_required
def mark_read(request, pk: int | None = None):
    """Mark one notification read (and follow its link), or all of the user's."""
    if pk is None:
        Notification.objects.filter(recipient=request.user).mark_read()
        return redirect("notification_list")
    note = get_object_or_404(Notification, pk=pk)
    if note.recipient_id != request.user.pk:
        raise PermissionDenied("只能处理发给自己的通知")
    Notification.objects.filter(pk=note.pk).mark_read()
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("notification_list")
