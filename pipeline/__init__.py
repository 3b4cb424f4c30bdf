"""Datewire: news text to a timeline of dated events."""
