"""Checking many reports at once: ``runner`` checks files in worker processes and
``crossyear`` pairs reports of the same agency in consecutive years and compares them."""
