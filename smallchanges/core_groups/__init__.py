"""Core Groups: child protection plans and their core group minutes."""
