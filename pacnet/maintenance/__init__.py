"""Preventive maintenance: plans, schedules, visits and their checklists."""
