"""Coverage analysis: what a set of items (courses, sessions, a team's roles) serves of the framework."""
