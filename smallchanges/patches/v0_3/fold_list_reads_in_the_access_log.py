"""The access log kept one row per record a list showed; it now keeps one row per page read, with
the records it showed in its `records` table. Fold the rows one request wrote for one list (same
reader, moment, request, channel and record type) into the first of them: the others become its
records (keeping their names), and are removed from the log. Three statements, whatever the size."""

import frappe


def execute():
	# the rows one list read wrote: more than one record of one type, by one request
	frappe.db.sql(
		"""
		insert into `tabRecord Access Log Record` (name, creation, modified, owner, modified_by,
			docstatus, idx, parent, parentfield, parenttype, reference_doctype, reference_name)
		select log.name, log.creation, log.modified, log.owner, log.modified_by, 0, 0, folded.keep,
			'records', 'Record Access Log', log.reference_doctype, log.reference_name
		from `tabRecord Access Log` log
		join (
			select min(name) as keep, user, accessed_at, request, channel, reference_doctype
			from `tabRecord Access Log`
			where reference_name is not null and ifnull(records_listed, 0) = 0
			group by user, accessed_at, request, channel, reference_doctype
			having count(*) > 1
		) folded
			on log.user <=> folded.user and log.accessed_at <=> folded.accessed_at
			and log.request <=> folded.request and log.channel <=> folded.channel
			and log.reference_doctype <=> folded.reference_doctype
		where log.reference_name is not null and ifnull(log.records_listed, 0) = 0
		"""
	)
	frappe.db.sql(
		"""
		update `tabRecord Access Log` log
		join (
			select parent, count(*) as listed from `tabRecord Access Log Record`
			where parenttype = 'Record Access Log' group by parent
		) records on records.parent = log.name
		set log.records_listed = records.listed, log.reference_name = null
		where ifnull(log.records_listed, 0) = 0
		"""
	)
	frappe.db.sql(
		"""
		delete log from `tabRecord Access Log` log
		join `tabRecord Access Log Record` record on record.name = log.name
		where record.parent <> log.name
		"""
	)
