"""The bounding-box check the phone journeys rely on finds what it is for: text printed over other
text, text clipped by its box or by an ellipsis or by the screen's edge; and finds nothing on a
clean page (in Chromium at 390 px, without the site)."""

import pytest

from tests.e2e.layout import text_problems

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def bare(browser):
	context = browser.new_context(viewport=PHONE)
	page = context.new_page()
	yield page
	context.close()


CLEAN = """
<main style="font: 16px sans-serif; padding: 8px">
  <h1>Your referrals</h1>
  <p>UR-2026-00001 <span>Submitted</span></p>
  <table><tr><td>Ruby Achterberg</td><td>Accepted</td></tr></table>
  <span style="position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0)">Screen reader only</span>
  <p style="display:none">hidden text over everything</p>
</main>
"""


def test_a_clean_page_has_no_problem(bare):
	bare.set_content(CLEAN)
	assert text_problems(bare) == []


def test_text_printed_over_other_text_is_found(bare):
	bare.set_content(
		CLEAN
		+ '<div style="position:absolute; top:60px; left:8px">Ruby Achterberg</div>'
		+ '<div style="position:absolute; top:62px; left:20px">Submitted</div>'
	)
	problems = text_problems(bare)
	assert any(p.startswith("text over text") and "Submitted" in p and "Ruby" in p for p in problems), (
		problems
	)


def test_a_cell_too_narrow_for_its_text_is_found(bare):
	bare.set_content(
		'<div style="width:60px; overflow:hidden; white-space:nowrap; font:16px sans-serif">'
		"<span>No further action</span></div>"
	)
	assert any(p.startswith("clipped by div") for p in text_problems(bare))


def test_an_ellipsis_is_found(bare):
	bare.set_content(
		'<p style="width:60px; overflow:hidden; white-space:nowrap; text-overflow:ellipsis">Outcome of the referral</p>'
	)
	assert any("ellipsis" in p or p.startswith("clipped") for p in text_problems(bare))


def test_text_past_the_screens_edge_is_found(bare):
	bare.set_content('<p style="white-space:nowrap; margin-left:300px">Expected date of delivery</p>')
	assert any("screen's edge" in p for p in text_problems(bare))
