from . import test_forecast_tools
from . import test_forecast
from . import test_forecast_security
from . import test_target_report
from . import test_channel_dashboard
