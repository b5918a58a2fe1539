from . import dms_analytics_demand
from . import dms_analytics_forecast
from . import dms_analytics_forecast_run
