"""The plans in force: their targets and the thresholds the indicators are judged by."""
