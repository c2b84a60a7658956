"""Every write of the kiosk app, by noun: computers (enrolment, presence, instructions),
sessions at the kiosk, offline uploads."""
