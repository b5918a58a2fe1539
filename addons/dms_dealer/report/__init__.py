from . import dms_dealer_agreement_report
