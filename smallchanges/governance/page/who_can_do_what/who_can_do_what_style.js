// Included by who_can_do_what.js (its page loader inlines this file there).

// On paper: the table, its legend, the delegations in force and the policy, on one or two A4
// pages (landscape); the desk around the page, the "You" answers and the details stay on screen.
const WCDW_STYLE = `
.wcdw-grid { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: var(--text-sm); }
.wcdw-grid th, .wcdw-grid td { border: 1px solid var(--border-color); padding: 4px 6px; vertical-align: top; text-align: left; }
.wcdw-grid thead th { background: var(--subtle-fg); font-weight: 600; }
.wcdw-grid .wcdw-task-col { width: 17%; }
.wcdw-grid .wcdw-group th { background: var(--subtle-accent); font-weight: 600; }
.wcdw-open { background: none; border: 0; padding: 0; text-align: left; color: var(--text-color); font-weight: 500; }
.wcdw-open::before { content: "\\25B8\\00A0"; color: var(--text-muted); }
.wcdw-open[aria-expanded="true"]::before { content: "\\25BE\\00A0"; }
.wcdw-open:hover, .wcdw-open:focus { text-decoration: underline; }
.wcdw-cell[data-kind="yes"] { background: var(--green-highlight-color, #e4f5e9); }
.wcdw-cell[data-kind="delegation"] { background: var(--yellow-highlight-color, #fff7d3); }
.wcdw-cell[data-kind="no"] { color: var(--text-muted); }
.wcdw-answer { display: block; font-weight: 600; }
.wcdw-holders, .wcdw-notes { display: block; font-size: var(--text-xs); }
.wcdw-notes { font-style: italic; }
.wcdw-detail td { background: var(--fg-color); }
.wcdw-detail h4 { font-size: var(--text-base); margin: .5em 0 .25em; }
.wcdw-detail code { white-space: pre-wrap; }
.wcdw-you-list td, .wcdw-you-list th { padding: 3px 8px; vertical-align: top; }
.wcdw-section { margin-bottom: 2em; }
@media print {
	@page { size: A4 landscape; margin: 10mm; }
	body[data-route="who-can-do-what"] .navbar,
	body[data-route="who-can-do-what"] .page-head,
	body[data-route="who-can-do-what"] .layout-side-section,
	body[data-route="who-can-do-what"] .web-footer,
	body[data-route="who-can-do-what"] .wcdw-no-print,
	body[data-route="who-can-do-what"] .wcdw-detail { display: none !important; }
	body[data-route="who-can-do-what"] { background: #fff; }
	body[data-route="who-can-do-what"] .page-container,
	body[data-route="who-can-do-what"] .layout-main-section,
	body[data-route="who-can-do-what"] .container { max-width: none !important; width: 100% !important; padding: 0 !important; margin: 0 !important; box-shadow: none !important; border: 0 !important; }
	body[data-route="who-can-do-what"] .wcdw-print-title { display: block !important; font-size: 14pt; margin: 0 0 4pt; }
	.who-can-do-what { font-size: 8pt; color: #000; }
	.who-can-do-what h2 { font-size: 11pt; margin: 6pt 0 3pt; }
	.who-can-do-what p, .who-can-do-what li { margin: 0 0 2pt; }
	.wcdw-grid { font-size: 7.5pt; }
	.wcdw-grid th, .wcdw-grid td { padding: 2px 3px; border-color: #888; }
	.wcdw-grid tr { break-inside: avoid; }
	/* who holds a delegation is listed once, under "Delegations in force", not again in each cell */
	.wcdw-grid .wcdw-holders { display: none; }
	.wcdw-section { margin-bottom: 6pt; }
	.wcdw-open::before { content: ""; }
	.wcdw-cell[data-kind="yes"] .wcdw-answer::before { content: "\\2713\\00A0"; }
}
`;
