from . import dms_service_team
from . import dms_service_category
from . import dms_service_ticket
from . import dms_dealer_score
