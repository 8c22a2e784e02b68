"""The cbmatch schema: typed SQLAlchemy 2 models and the Flask-SQLAlchemy handle ``db``."""

from models.base import db
from models.geo import CountryGroup, State
from models.match import Match, MatchEvent, MatchStatus
from models.need import Need, NeedStatus
from models.offer import Offer, OfferStatus
from models.organisation import Organisation, ProviderType
from models.taxonomy import Dimension, SupportType, Topic
from models.user import Role, User, UserStatus

__all__ = [
    "CountryGroup",
    "Dimension",
    "Match",
    "MatchEvent",
    "MatchStatus",
    "Need",
    "NeedStatus",
    "Offer",
    "OfferStatus",
    "Organisation",
    "ProviderType",
    "Role",
    "State",
    "SupportType",
    "Topic",
    "User",
    "UserStatus",
    "db",
]
