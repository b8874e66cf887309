"""Instructor tools: the ``aon`` command line, building lessons, adding readings, validating data, the website.

Nothing here is loaded by a student's kernel. These modules may import every layer below them (the
core, :mod:`aon.lessons`, :mod:`aon.grading`); nothing below imports them.
"""
