"""The site's queued background jobs, found and run in this process as a worker would run them: for
tests (whose live server runs no worker) and for benchmarks that count what the jobs wrote."""

import frappe


def queued_jobs(queue: str, method: str, document: str | None = None) -> list:
	"""This site's queued background jobs of `method` (RQ jobs of Frappe's execute_job), those for
	one document when `document` is given (by its `name` or a `doc.document_name` argument)."""
	from frappe.utils.background_jobs import get_queue

	jobs = []
	for job in get_queue(queue).get_jobs():
		kwargs = job.kwargs or {}
		args = kwargs.get("kwargs") or {}
		named = args.get("name") or (args.get("doc") or {}).get("document_name")
		if kwargs.get("site") != frappe.local.site or kwargs.get("method") != method:
			continue
		if document is None or named == document:
			jobs.append(job)
	return jobs


def run_jobs(jobs: list) -> None:
	"""What a worker does with each job, in this process: run its method as the user who queued it,
	commit, and take it off the queue. The e2e server runs no worker, so tests run what they wait for."""
	for job in jobs:
		frappe.set_user(job.kwargs["user"])
		frappe.get_attr(job.kwargs["method"])(**job.kwargs["kwargs"])
		frappe.db.commit()
		job.delete()
	frappe.set_user("Administrator")
