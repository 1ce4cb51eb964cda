#!/usr/bin/env node
// The text pdf.js reads from a PDF, page by page (tests/pdfvalidate.py).
// usage: node pdfjs_text.js FILE.pdf [PDFJS_BUILD_DIR]
// Loads Debian's pdf.js (package libjs-pdf, /usr/share/javascript/pdf/build)
// as it is, the worker in the same process; prints each page's text items
// (getTextContent), a newline after an item that ends a line, and a form
// feed after each page, as pdftotext does. Plain CommonJS for Debian 12's
// nodejs 18. Exit status 1 with pdf.js's own message when it fails.
"use strict";
var fs = require("fs");
var path = require("path");

var file = process.argv[2];
var dir = process.argv[3] || "/usr/share/javascript/pdf/build";
if (!file) {
	process.stderr.write("usage: node pdfjs_text.js FILE.pdf [PDFJS_BUILD_DIR]\n");
	process.exit(2);
}
var pdfjs = require(path.join(dir, "pdf.js"));
pdfjs.GlobalWorkerOptions.workerSrc = path.join(dir, "pdf.worker.js");
var web = path.join(dir, "..", "web");
var cmaps = fs.existsSync(path.join(web, "cmaps")) ? path.join(web, "cmaps") + "/" : null;

function page(doc, n, out) {
	return doc.getPage(n).then(function (p) {
		return p.getTextContent({ disableCombineTextItems: false });
	}).then(function (tc) {
		tc.items.forEach(function (it) {
			if (typeof it.str !== "string") return;   // marked-content markers
			out.push(it.str);
			if (it.hasEOL) out.push("\n");
		});
		out.push("\f");
	});
}

var task = pdfjs.getDocument({
	data: new Uint8Array(fs.readFileSync(file)),
	cMapUrl: cmaps || undefined,
	cMapPacked: true,
	disableFontFace: true,
	useSystemFonts: false,
	isEvalSupported: false,
	verbosity: 0
});
task.promise.then(function (doc) {
	var out = [];
	var chain = Promise.resolve();
	for (var i = 1; i <= doc.numPages; i++) {
		chain = chain.then(page.bind(null, doc, i, out));
	}
	return chain.then(function () {
		process.stdout.write(out.join(""));
		return doc.destroy();
	});
}).catch(function (e) {
	process.stderr.write("pdf.js: " + (e && e.message ? e.message : String(e)) + "\n");
	process.exit(1);
});
