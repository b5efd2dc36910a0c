// layout-check.js: injected by tests/browser.sh into a copy of an HTML
// report; lists what a reader at this window width cannot see: the page
// wider than the window, text cut off by its box, axis labels too small
// to read.  The result goes into <pre id="layout-check"> for --dump-dom.
(function () {
	var out = [], w = window.innerWidth;
	if (document.documentElement.scrollWidth > w + 1)
		out.push('page ' + document.documentElement.scrollWidth + 'px wide in a ' + w + 'px window');
	var els = document.querySelectorAll('td, th, p, h1, h2, caption, figcaption, .legend, .status');
	for (var i = 0; i < els.length; i++) {
		var e = els[i], st = getComputedStyle(e);
		if (st.overflowX === 'auto' || st.overflowX === 'scroll')
			continue;
		if (e.scrollWidth > e.clientWidth + 1)
			out.push('clipped ' + e.tagName.toLowerCase() + ': ' + e.textContent.slice(0, 60));
		// a box that runs out of the page (and out of any scroller)
		var r = e.getBoundingClientRect(), s = e.closest('.scroll');
		if (!s && r.right > w + 1)
			out.push('past the window ' + e.tagName.toLowerCase() + ': ' + e.textContent.slice(0, 60));
	}
	// an SVG label's font size as shown: its size in the view box, scaled
	// as the chart is drawn (a 1000-unit view box in a narrower box)
	var t = document.querySelectorAll('svg text');
	for (var j = 0; j < t.length; j++) {
		var svg = t[j].ownerSVGElement, vb = svg.viewBox.baseVal;
		var px = parseFloat(getComputedStyle(t[j]).fontSize) *
			svg.getBoundingClientRect().width / (vb && vb.width ? vb.width : 1);
		if (px < 10) {
			out.push('axis label at ' + px.toFixed(1) + 'px: ' + t[j].textContent);
			break;
		}
		var tr = t[j].getBoundingClientRect(), sr = svg.getBoundingClientRect();
		if (tr.left < sr.left - 1 || tr.right > sr.right + 1) {
			out.push('axis label cut by the chart\'s edge: ' + t[j].textContent);
			break;
		}
	}
	var pre = document.createElement('pre');
	pre.id = 'layout-check';
	pre.textContent = out.length ? out.join('\n') : 'layout: ok';
	document.body.appendChild(pre);
})();
