from . import test_channel_order
from . import test_channel_stock
from . import test_channel_race
from . import test_channel_rpc
from . import test_channel_portal
from . import test_channel_rebate
from . import test_channel_target
from . import test_channel_territory
