from . import dms_mdf_reject
