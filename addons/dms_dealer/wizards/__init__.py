from . import dms_dealer_state_wizard
