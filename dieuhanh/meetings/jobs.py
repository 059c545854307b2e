"""Background jobs of meetings: sending invitations (and their updates and cancellations) by email."""

from django.utils.translation import gettext_lazy as _

from dieuhanh.core import jobs


@jobs.register("meetings.send_invitations", label=_("Send meeting invitations"))
def send_invitations(job, *, meeting_id: int):
    from . import services
    from .models import Meeting

    meeting = Meeting.objects.select_related("host_organization", "chair").filter(pk=meeting_id).first()
    if meeting is None:
        job.log(str(_("The meeting no longer exists; nothing sent.")))
        return {"sent": 0}
    job.progress(5, str(_("Sending revision %(sequence)s of %(meeting)s")
                        % {"sequence": meeting.sequence, "meeting": meeting}))
    return services.deliver_invitations(job.user, meeting, log=job.log)
