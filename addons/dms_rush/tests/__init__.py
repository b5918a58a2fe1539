from . import test_rush
from . import test_rush_race
from . import test_rush_http
