from . import test_precedence
from . import test_price_engine
from . import test_price_policy
from . import test_sale_order
from . import test_price_import
from . import test_loyalty_targeting
from . import test_portal
