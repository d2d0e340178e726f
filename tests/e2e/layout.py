"""What a person sees of a page's text, by its bounding boxes: no visible text printed over other
text, and none cut off (by a box that hides its overflow, an ellipsis, or the screen's edge).

`text_problems(page)` measures every visible text node's line boxes in the browser (a Range over
the text, so the box is the text's, not its element's) and returns one plain line per problem;
`assert_readable(page)` fails with them. Its own test (test_layout_check.py) plants an overlap, a
clipped cell and an ellipsis, and a clean layout, so that it cannot pass by finding nothing.
"""

# Runs in the page. A text node counts when it has letters or digits and its element is rendered
# (not display:none, visibility:hidden, transparent, or a screen-reader-only 1 px box).
_MEASURE = r"""
(tolerance) => {
	const problems = [];
	const boxes = [];
	const describe = (el) => {
		const text = (el.innerText || el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
		const cls = typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "";
		return `${el.tagName.toLowerCase()}${cls} "${text}"`;
	};
	const shown = (el) => {
		// the browser's own answer first: e.g. the content of a closed <details> is not rendered
		if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
		for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
			const style = getComputedStyle(node);
			if (style.display === "none" || style.visibility === "hidden" || style.visibility === "collapse") return false;
			if (parseFloat(style.opacity) === 0) return false;
			if (node.getAttribute("aria-hidden") === "true" && node.tagName !== "BODY") return false;
			// screen-reader-only: a 1 px box (or a clip) that hides what overflows it
			const box = node.getBoundingClientRect();
			const hides = ["hidden", "clip"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowY);
			if (hides && (box.width <= 1 || box.height <= 1)) return false;
			if (style.position === "absolute" && style.clip && style.clip.startsWith("rect(0")) return false;
		}
		return true;
	};
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const vw = document.documentElement.clientWidth;
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		if (!/[\p{L}\p{N}]/u.test(node.textContent)) continue;
		const el = node.parentElement;
		if (!el || ["SCRIPT", "STYLE", "NOSCRIPT", "OPTION", "TEMPLATE", "TITLE"].includes(el.tagName)) continue;
		if (!shown(el)) continue;
		const range = document.createRange();
		range.selectNodeContents(node);
		const rects = Array.from(range.getClientRects()).filter((r) => r.width > 1 && r.height > 1);
		if (!rects.length) continue;
		// sr-only text (clipped to a 1 px box on purpose) is not seen
		const own = el.getBoundingClientRect();
		if (own.width <= 1 || own.height <= 1) continue;
		for (const r of rects) boxes.push({ el, r });
		// cut off: by the screen's edge, by an ellipsis, or by a box that hides what overflows it
		for (const r of rects) {
			if (r.left < -tolerance || r.right > vw + tolerance) {
				problems.push(`clipped by the screen's edge: ${describe(el)}`);
				break;
			}
		}
		for (let box = el; box && box !== document.body; box = box.parentElement) {
			const style = getComputedStyle(box);
			const hides = ["hidden", "clip"].includes(style.overflowX) || ["hidden", "clip"].includes(style.overflowY);
			if (style.textOverflow === "ellipsis" && box.scrollWidth > box.clientWidth + tolerance) {
				problems.push(`cut off with an ellipsis: ${describe(el)}`);
				break;
			}
			if (!hides) continue;
			const b = box.getBoundingClientRect();
			if (b.width <= 1 || b.height <= 1) break; // an sr-only box
			// a glyph box is taller than a tight line: a quarter of it may pass the box's edge unseen
			const out = rects.some((r) => {
				const slack = Math.max(tolerance, r.height / 4);
				return r.left < b.left - tolerance || r.right > b.right + tolerance || r.top < b.top - slack || r.bottom > b.bottom + slack;
			});
			if (out) {
				problems.push(`clipped by ${describe(box)}: ${describe(el)}`);
				break;
			}
		}
	}
	// printed over each other: two text boxes of different text nodes that intersect
	const seen = new Set();
	for (let i = 0; i < boxes.length; i++) {
		for (let j = i + 1; j < boxes.length; j++) {
			const a = boxes[i], b = boxes[j];
			if (a.el === b.el) continue;
			const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
			const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
			// lines set tight touch by a few pixels; printed over each other, they share a third or more
			if (w > tolerance && h > Math.max(tolerance, Math.min(a.r.height, b.r.height) / 3)) {
				const key = `${describe(a.el)} / ${describe(b.el)}`;
				if (!seen.has(key)) {
					seen.add(key);
					problems.push(`text over text: ${key}`);
				}
			}
		}
	}
	return problems;
}
"""

TOLERANCE_PX = 2  # anti-aliasing and sub-pixel rounding, never a real overlap


def text_problems(page) -> list[str]:
	"""Every visible text that overlaps another or is cut off, on the page as it is now."""
	return page.evaluate(_MEASURE, TOLERANCE_PX)


def assert_readable(page, where: str = "") -> None:
	problems = text_problems(page)
	assert not problems, f"text not readable{' on ' + where if where else ''}: " + "; ".join(problems[:20])
