"""Accounts, roles and permissions; sign-in for people (sessions) and programs (OAuth2)."""
