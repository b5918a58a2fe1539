from . import dms_engagement_assignment_return
