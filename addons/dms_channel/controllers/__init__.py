from . import portal
from . import cart
from . import portal_new
from . import portal_account
from . import portal_sellout
from . import portal_stock
from . import portal_return
