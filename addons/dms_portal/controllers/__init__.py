from . import guard
from . import portal
from . import self_service
from . import agreement
from . import statement
