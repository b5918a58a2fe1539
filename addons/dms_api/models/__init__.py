from . import dms_api_idempotency
from . import dms_api_webhook
from . import dms_api_webhook_delivery
from . import sale_order
from . import dms_channel_order
from . import dms_api_rate_counter
from . import res_partner
from . import res_users_apikeys
