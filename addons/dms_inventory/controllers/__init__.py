from . import portal, public
