"""Long work off the request path: a job row in the tenant's database, run by ``noaber worker``.

A page or an API call starts a job (``start_job``): a row in the tenant's own database says
what to do and how far it got, and a message on the queue (huey: a SQLite file in the
tenants root by default, Redis when ``NOABER_JOBS_URL`` names one) tells a worker to run it.
The worker runs the job's kind, which a plugin declares through ``noaber_job_kinds``.
"""
