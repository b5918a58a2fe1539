from . import test_tools
from . import test_api_contract
from . import test_api_idempotency
from . import test_api_webhook
from . import test_api_rate_limit
from . import test_apikey_check
