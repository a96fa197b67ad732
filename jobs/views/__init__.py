"""Customer and coordinator pages, one module per concern:

- ``lists``: my jobs (the agency's jobs, for its staff);
- ``request``: request a job with its live quote;
- ``detail``: the job page, with the coordinator's approve and deny;
- ``cancel``: cancel or reduce, with the charge shown before confirming.
(Customer organizations have their pages in the ``customers`` app.)

Views are thin: ``@policy.guard`` answers who may open the page, a Django form reads the post
into the typed values of ``jobs.inputs``, a ``jobs.services`` function decides and writes, and
the view renders. Tenancy comes from the scoped managers (another organization's job: 404).
"""
