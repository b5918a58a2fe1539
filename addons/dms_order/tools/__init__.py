from . import credit
from . import approval
from . import anomaly
from . import fingerprint
from . import assortment
