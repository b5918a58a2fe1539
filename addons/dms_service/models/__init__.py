from . import dms_service_team
from . import dms_service_category
from . import dms_service_ticket
from . import dms_dealer_score
from . import dms_scorecard_template
from . import dms_scorecard_version
