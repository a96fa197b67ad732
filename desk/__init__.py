"""The coordinator's desk: the staff dashboard (what needs attention now, today and tomorrow,
charts), running a job from the staff side (assign, substitute), customer feedback on each
officer, the agency's audit log and the period reports."""
