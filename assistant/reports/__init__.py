"""Printable reports: the PDF page, fonts and text folding shared by the coaching and coverage exports.

Sits below every feature package and imports nothing from ``assistant``.
"""
