"""What the platform finds out by itself, on a schedule: alerts of new fits, the weekly digest.

They read the matcher, the dashboard and the proposals, and tell people through
``webapp.services.notices`` (which the services that change records also use).
"""
