"""Checking many reports at once: ``files`` lists what a batch checks, ``runner`` checks the
files in worker processes (``worker`` is what runs in one), and ``crossyear`` pairs reports
of the same agency in consecutive years and compares them."""
