"""Realistic inputs shared by the dialogue and API tests."""

JOB_POSTING = """Education Programs Manager - Riverside Science Center (full-time)

About the role: We are seeking an experienced educator to lead our school and family programs.
Reports to the Director of Learning.

Responsibilities:
- Design and deliver hands-on STEM programs for school groups, families and adult audiences
- Manage the annual education budget and track program income and spending
- Recruit, train and supervise a team of part-time educators and volunteers
- Evaluate programs with visitor surveys and use the findings to improve practice
- Build partnerships with local schools, libraries and community organizations

Qualifications:
- Bachelor's degree in science, education or a related field; master's preferred
- At least 3 years of experience in informal science education (required)
- Excellent communication skills and experience working with diverse audiences

Salary and benefits: $58,000-$64,000, health insurance, paid leave.
How to apply: send a cover letter and resume by March 1. We are an equal opportunity employer.
"""
