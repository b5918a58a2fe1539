from . import dms_analytics_target_report
