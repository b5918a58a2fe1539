from . import dms_fapiao_issue
