"""Notifications: every email a user expects about a job (PLAT-NOTIFY-1), the deadline sweeps
that send reminders and escalations or act on a passed deadline, users' mail preferences and
unsubscribe links, and the customer survey after a job (NOPD-SURVEY-1).

- ``notifications.outbox``: ``notify`` writes one ``Message`` row per recipient (a unique key
  makes a repeated notice a no-op) and hands its id to the ``deliver`` task after commit.
- ``notifications.jobmail``: the job-event emails the services send.
- ``notifications.sweeps``: the deadline sweeps (registered with ``jobs.sweeps``).
- ``notifications.surveys``: the survey token, page and answers.
"""
