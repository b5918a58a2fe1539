from . import dms_dealer_state_wizard
from . import dms_dealer_application_reject
