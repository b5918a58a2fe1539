from . import test_tiers
from . import test_policy
from . import test_accrual
from . import test_settlement
from . import test_wallet
from . import test_concurrency
from . import test_performance
