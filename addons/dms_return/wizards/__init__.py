from . import dms_return_refuse
