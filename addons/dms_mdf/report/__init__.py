from . import dms_mdf_report
