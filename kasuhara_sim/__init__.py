"""kasuhara-sim: a terminal role-play trainer for customer-harassment (カスハラ) response."""

__version__ = "0.1.0"
