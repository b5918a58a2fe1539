from . import dms_knowledge_category
from . import dms_announcement
from . import dms_announcement_receipt
from . import dms_engagement_task
from . import dms_engagement_assignment
