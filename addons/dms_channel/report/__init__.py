from . import dms_channel_flow_report
