"""Default values of analyses that the command line and the web offer as options.

Kept apart from the analyses so that declaring an option (a route's parameter, a command's
option) does not import the analysis itself: the web app starts without them.
"""

#: Default age (days) after which an indicator's latest observation counts as stale.
DEFAULT_STALE_DAYS = 730
#: At most this many dropped projects are explained (the most valuable first).
DEFAULT_EXPLAIN = 20
