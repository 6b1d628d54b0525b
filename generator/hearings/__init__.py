"""What a committee reads before a hearing: the summary of what the public said (summary.py),
the handling report on how suggestions were answered (report.py), and their formats."""
