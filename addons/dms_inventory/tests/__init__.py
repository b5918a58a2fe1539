from . import test_alerts, test_proposal, test_race, test_report, test_routing, test_tools, test_transfer
