"""The cbmatch schema: typed SQLAlchemy 2 models and the Flask-SQLAlchemy handle ``db``."""

from models.api_token import ApiToken, Scope
from models.audit import AuditEntry
from models.base import db
from models.directory import Centre, CentreKind, ContactKind, PointOfContact
from models.event import Event
from models.exchange_rate import ExchangeRate
from models.geo import CountryGroup, State
from models.learned import LearnedRanker
from models.lesson import Lesson, LessonStatus
from models.match import Match, MatchEvent, MatchStatus, Response
from models.need import Need, NeedStatus
from models.notice import Delivery, Notice, NoticePreference, NoticeStatus, ScheduledRun
from models.nsi import NsiAnswer, NsiChoice
from models.offer import Offer, OfferStatus
from models.organisation import Organisation, ProviderType
from models.outbox import OutboxMessage, OutboxStatus
from models.outcome import Outcome
from models.sharing import MaturityAudience, MaturitySharing
from models.survey import (
    STAGES,
    FactorRating,
    MaturityAssessment,
    SuggestionAnswer,
    Survey,
    SurveyStatus,
)
from models.survey_version import SurveyVersion
from models.taxonomy import Dimension, Factor, SupportType, Topic
from models.user import Role, User, UserStatus

__all__ = [
    "STAGES",
    "ApiToken",
    "AuditEntry",
    "Centre",
    "CentreKind",
    "ContactKind",
    "CountryGroup",
    "Delivery",
    "Dimension",
    "Event",
    "ExchangeRate",
    "Factor",
    "FactorRating",
    "LearnedRanker",
    "Lesson",
    "LessonStatus",
    "Match",
    "MatchEvent",
    "MatchStatus",
    "MaturityAssessment",
    "MaturityAudience",
    "MaturitySharing",
    "Need",
    "NeedStatus",
    "Notice",
    "NoticePreference",
    "NoticeStatus",
    "NsiAnswer",
    "NsiChoice",
    "Offer",
    "OfferStatus",
    "Organisation",
    "OutboxMessage",
    "OutboxStatus",
    "Outcome",
    "PointOfContact",
    "ProviderType",
    "Response",
    "Role",
    "ScheduledRun",
    "Scope",
    "State",
    "SuggestionAnswer",
    "SupportType",
    "Survey",
    "SurveyStatus",
    "SurveyVersion",
    "Topic",
    "User",
    "UserStatus",
    "db",
]
