"""Organisations, people, and user accounts with roles and the organisation they act for."""
